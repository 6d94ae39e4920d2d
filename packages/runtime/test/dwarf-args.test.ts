// uprobe `args->name` and DWARF types in the kernel (parse -> check -> codegen ->
// runSession) against bpf/dwarf-args.c: parameters of each integer size and sign read
// from their argument registers, pointers followed in user memory, struct members,
// char arrays as strings, int arrays, casts to the binary's structs, compared with
// bpftrace 0.17's recordings (fixtures/record-dwarf-args.sh). What 0.17 cannot do
// (bitfields, an anonymous union member, a typedef'd struct, a seventh parameter:
// it refuses or crashes) is checked against the values the workload passes.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from '@bpftrace-ts/parser';
import { check, type KernelInfo } from '@bpftrace-ts/typecheck';
import { compile } from '@bpftrace-ts/codegen';
import { kernel as liveKernel } from './live-kernel.js';
import { fileDwarfTypes, runSessionDetailed } from '../src/index.js';
import { kernelSnapshot, skipReason, tempPath, warnSkip } from './helpers.js';
import { normalise } from './normalise.mjs';

warnSkip('uprobe DWARF argument tests');

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// In this run's own temp dir; the scripts and recordings say {WORKLOAD} for it.
const BIN = tempPath('dwarf-args');
const fixture = (name: string) => readFileSync(here(`fixtures/${name}`), 'utf8');
// A wildcard function (`scal*`) is expanded against the file by the CLI, not here: the CLI's
// test/dwarf.test.ts runs those scripts.
const SCRIPTS = fixture('dwarf-args.scripts').split('\n').filter((l) => l.trim());
const HERE = SCRIPTS.map((s, i) => [s, i] as const).filter(([s]) => !/:[\w]*\*/.test(s));
const withBin = (script: string) => script.split('{WORKLOAD}').join(BIN);

// This machine's kernel, plus the uprobe targets' DWARF as the CLI gives it (by path here).
const kernel: KernelInfo = { ...liveKernel, binaryTypes: (target) => fileDwarfTypes(target) };

function checkScript(source: string) {
  const { ast } = parse(source, { file: 'stdin' });
  return check(ast!, kernel, { params: [], file: 'stdin' });
}

async function run(source: string, format: 'text' | 'json' = 'text') {
  const checked = checkScript(source);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const { object, manifest, diagnostics } = compile(checked.program!, { kernel });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const snap = kernelSnapshot();
  let out = '';
  await runSessionDetailed({
    object: object!, manifest: manifest!, format, write: (t) => { out += t; }, writeError: () => {}, childStdio: 'ignore', childCommand: [BIN],
  });
  expect(snap.leaked(manifest!.programs.map((p) => p.name.slice(0, 15)))).toEqual({ progs: [], links: [] });
  return out;
}

describe.skipIf(!!skipReason)('uprobe args from DWARF (in the kernel)', () => {
  execFileSync('gcc', ['-O0', '-g', '-o', BIN, here('bpf/dwarf-args.c')]);

  HERE.forEach(([script, i]) => {
    for (const format of ['text', 'json'] as const) {
      it(`script ${i + 1} matches bpftrace 0.17 (${format}): ${script.slice(0, 70)}...`, async () => {
        const out = normalise(await run(withBin(script), format), { workload: BIN });
        expect(out).toBe(fixture(`dwarf-args-${i + 1}${format === 'json' ? '.json' : ''}.expected`));
      });
    }
  });

  it('reads bitfields, an anonymous union member and a typedef\'d struct (beyond 0.17)', async () => {
    const out = await run(`uprobe:${BIN}:extras { printf("%d %d %d %x %s %d %d\\n", args->it->id, args->it->flags, args->it->level, ` +
      'args->it->u.as_int, args->t->r->label, args->t->level, ((item_t *)arg0)->id); exit(); }');
    // main(): id 11, flags 5, level 19, as_int 0x41424344, r->label "first"
    expect(out).toBe('Attaching 1 probe...\n11 5 19 41424344 first 19 11\n\n\n');
  });

  it('reads a parameter past the sixth from the stack (0.17 fails to compile it)', async () => {
    const out = await run(`uprobe:${BIN}:seven { printf("%d %d\\n", args->f, args->g); exit(); }`);
    expect(out).toBe('Attaching 1 probe...\n6 7\n\n\n');
  });

  it('follows a const struct pointer next to a function pointer (0.17 crashes)', async () => {
    const out = await run(`uprobe:${BIN}:indirect { printf("%d %d\\n", args->in->lo, args->in->hi); exit(); }`);
    expect(out).toBe('Attaching 1 probe...\n-3 4\n\n\n');
  });

  it('refuses a struct or a double passed by value, with 0.17\'s message for a double', () => {
    // 0.17 reads the struct as zeroes; we refuse it as it refuses a double.
    for (const name of ['in', 'd']) {
      const source = `uprobe:${BIN}:by_value { $x = args->${name}; exit(); }`;
      const at = source.indexOf(`args->${name}`);
      expect(checkScript(source).diagnostics.map((d) => [d.message, d.range?.start.offset, d.range?.end.offset]))
        .toEqual([[`${name} has unsupported type`, at, at + `args->${name}`.length]]);
    }
  });

  it('refuses a parameter the function does not have, as 0.17 does', () => {
    const source = `uprobe:${BIN}:scalars { $x = args->nosuch; exit(); }`;
    const r = checkScript(source);
    // Pointing at `args->nosuch`, as 0.17 does.
    const at = source.indexOf('args->nosuch');
    expect(r.diagnostics.map((d) => [d.message, d.range?.start.offset, d.range?.end.offset]))
      .toEqual([["Can't find function parameter nosuch", at, at + 'args->nosuch'.length]]);
  });
});
