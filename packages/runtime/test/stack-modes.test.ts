// kstack(perf)/ustack(perf, N) vs the default mode, in the kernel through the real
// pipeline, compared with bpftrace 0.17's recordings (fixtures/record-stack-modes.sh).
// Addresses, offsets and the workload's path are masked in the recordings and in our
// output (normalise.mjs); each kernel frame is checked against /proc/kallsyms
// instead (address = symbol + offset). bpftrace leaves the exited workload's user frames
// unsymbolised at exit while we symbolise them: user frames compare by shape.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '@bpftrace-ts/codegen';
import { checkScript, kernel } from './live-kernel.js';
import { runSessionDetailed } from '../src/index.js';
import { checkKernelFrames, kernelSnapshot, skipReason, tempPath, warnSkip } from './helpers.js';
import { normalise } from './normalise.mjs';

warnSkip('stack mode tests');

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// Its name is its comm, which the scripts filter on: unique (stacks_PID), so another checkout's
// workload running at the same time is not traced (the recordings' output does not show it).
const COMM = `stacks_${process.pid}`.slice(0, 15);
const STACKS = tempPath(COMM);
const SCRIPT = `tracepoint:syscalls:sys_enter_getppid /comm == "${COMM}"/ { @[ustack(perf, 5)] = count(); @k[kstack(perf, 3)] = count(); @b[kstack(bpftrace, 2)] = count(); printf("%s|%s\\n", kstack(perf, 2), ustack(perf, 2)); } tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "${COMM}"/ { exit(); }`;
// Default mode in every place a stack goes (key: indent 4; value, tuple, variable, print,
// printf: indent 8), each with its own depth: the depth travels in the type.
const VALUES = `tracepoint:syscalls:sys_enter_getppid /comm == "${COMM}"/ { @kv = kstack(2); @kk[kstack(1)] = count(); @t = (1, kstack(2)); $s = kstack(2); $u = ustack(2); printf("%s|%s|\\n", $s, $u); print(kstack(1)); } tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "${COMM}"/ { exit(); }`;

/** perf frames: `\tHEX sym+off` (kernel), `\tHEX sym+off (module)` or `\tHEX 0xHEX ([unknown])` (user). */
const shape = (s: string) => normalise(s, { workload: STACKS })
  .replace(/\t<ADDR> \S+ \([^)]*\)/g, '\tADDR USER')
  .replace(/\\t<ADDR> [^\\]*? \([^)]*\)/g, '\\tADDR USER');

// Kernel symbol names depend on the kernel's build (inlining): each test checks them against kallsyms.
const noKsyms = (s: string) => shape(s).replace(/(<ADDR> |\n {4}(?: {4})?|\\n {4}(?: {4})?)[A-Za-z_][\w.]*\+<OFF>/g, '$1KSYM+<OFF>');

describe.skipIf(!!skipReason)('stack modes (in the kernel)', () => {
  execFileSync('gcc', ['-O0', '-g', '-fno-omit-frame-pointer', '-o', STACKS, here('bpf/stacks.c')]);

  for (const format of ['text', 'json'] as const) {
    it(`perf mode prints tab, hex address, symbol (and module for user frames) as bpftrace (${format})`, async () => {
      const { object, manifest, diagnostics } = compile(checkScript(SCRIPT, [], false), { kernel });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const layouts = manifest!.maps.map((m) => m.keys[0]?.layout);
      expect(layouts).toContainEqual({ type: 'ustack', depth: 5, pidOffset: 8, mode: 'perf' });
      expect(layouts).toContainEqual({ type: 'kstack', depth: 2 });
      const snap = kernelSnapshot();
      let out = '';
      const result = await runSessionDetailed({
        object: object!, manifest: manifest!, format, write: (t) => { out += t; }, writeError: () => {},
        childStdio: 'ignore', childCommand: [STACKS, '1', '1000'],
      });
      expect(result.exitCode).toBe(0);
      expect(snap.leaked(manifest!.programs.map((p) => p.name.slice(0, 15)))).toEqual({ progs: [], links: [] });
      // While the workload lives, user frames resolve with their module, as bpftrace's do.
      const nl = format === 'text' ? '\n\t' : '\\n\\t';
      expect(out).toMatch(new RegExp(`${nl.replace(/\\/g, '\\\\')}[0-9a-f]+ b\\+\\d+ \\(${STACKS.replace(/[.+/]/g, '\\$&')}\\)`));
      const frames = checkKernelFrames(out);
      expect(frames.problems).toEqual([]);
      expect(frames.perf).toBe(5);
      expect(frames.plain).toBe(2);
      const expected = readFileSync(here(`fixtures/stack-modes${format === 'json' ? '.json' : ''}.expected`), 'utf8');
      expect(noKsyms(out)).toBe(noKsyms(expected));
    });

    it(`default-mode stacks keep their depth in values, tuples and variables, indented as bpftrace (${format})`, async () => {
      const { object, manifest, diagnostics } = compile(checkScript(VALUES, [], false), { kernel });
      expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      let out = '';
      const result = await runSessionDetailed({
        object: object!, manifest: manifest!, format, write: (t) => { out += t; }, writeError: () => {},
        childStdio: 'ignore', childCommand: [STACKS, '1', '1000'],
      });
      expect(result.exitCode).toBe(0);
      expect(checkKernelFrames(out).problems).toEqual([]);
      const expected = readFileSync(here(`fixtures/stack-values${format === 'json' ? '.json' : ''}.expected`), 'utf8');
      expect(noKsyms(out)).toBe(noKsyms(expected));
    });
  }
});
