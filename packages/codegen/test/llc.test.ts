// Which llc runs, with which flags; the IR every llc from 14 on reads (opaque pointers
// only: a typed pointer such as `i8*` anywhere fails here); and the same BTF from each.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parse } from '@bpftrace-ts/parser';
import { check } from '@bpftrace-ts/typecheck';
import { compile, emitIr } from '../src/index.js';
import { DEFAULT_LLC, LLC_ENV, installedLlcs, llcArgs, llcVersion, pickLlc } from '../src/llc.js';
import { readTool, toolNames, toolPath } from '../../../test/support/debian-tools.js';
import { LLCS, kernel } from './fixture.js';

describe('picking llc', () => {
  const saved = process.env[LLC_ENV];
  afterEach(() => {
    if (saved === undefined) delete process.env[LLC_ENV];
    else process.env[LLC_ENV] = saved;
  });

  it('an explicit path first, then $BPFTRACE_TS_LLC, then the newest installed', () => {
    process.env[LLC_ENV] = '/from/env/llc';
    expect(pickLlc('/given/llc')).toBe('/given/llc');
    expect(pickLlc()).toBe('/from/env/llc');
    delete process.env[LLC_ENV];
    const newest = installedLlcs()[0]?.path ?? DEFAULT_LLC;
    expect(pickLlc()).toBe(newest);
  });

  it('finds /usr/lib/llvm-N/bin/llc for N >= 14 only, newest first', () => {
    const root = mkdtempSync(join(tmpdir(), 'bpftrace-ts-llvm-'));
    for (const n of ['llvm-13', 'llvm-14', 'llvm-19', 'llvm-9', 'llvm-16', 'llvm-22-extra', 'clang-19']) {
      spawnSync('mkdir', ['-p', join(root, n, 'bin')]);
      writeFileSync(join(root, n, 'bin', 'llc'), '');
    }
    spawnSync('mkdir', ['-p', join(root, 'llvm-17', 'bin')]); // no llc in it
    expect(installedLlcs(root)).toEqual([19, 16, 14].map((v) => ({ version: v, path: join(root, `llvm-${v}`, 'bin', 'llc') })));
    spawnSync('rm', ['-rf', root]);
  });

  it('only llc 14 is told to read opaque pointers', () => {
    expect(llcArgs(14, 2)[0]).toBe('-opaque-pointers');
    for (const v of [15, 16, 19, 22, undefined]) expect(llcArgs(v, 2)).not.toContain('-opaque-pointers');
    expect(llcArgs(19, 1)).toEqual(['-march=bpf', '-mcpu=v3', '-filetype=obj', '-O1', '-o', '-']);
  });

  for (const { version, path } of LLCS) {
    it.skipIf(!path)(`reads the version of llc ${version} from --version`, () => {
      expect(llcVersion(path!)).toBe(version);
    });
  }
  it('an llc that does not run has no version, and compiling with it is a diagnostic', () => {
    expect(llcVersion('/nonexistent/llc')).toBeUndefined();
    const r = compile(checked('BEGIN { exit(); }')!, { kernel, llc: '/nonexistent/llc' });
    expect(r.diagnostics.map((d) => d.message)).toEqual([expect.stringMatching(/^could not run \/nonexistent\/llc: /)]);
  });
});

function checked(source: string, file = 'stdin') {
  const p = parse(source, { file });
  return p.ast ? check(p.ast, kernel, { params: ['1', '2'], unsafe: true, file }).program : undefined;
}

/** Scripts with the most varied IR: every Debian tool and every end-to-end fixture that checks here. */
const E2E_DIR = join(import.meta.dirname, '../../../test-fixtures/e2e');
const CORPUS: { name: string; source: string }[] = [
  ...toolNames.map((t) => ({ name: toolPath(t), source: readTool(t) })),
  ...readdirSync(E2E_DIR).filter((f) => f.endsWith('.bt')).map((f) => ({ name: f, source: readFileSync(join(E2E_DIR, f), 'utf8') })),
];

/** IR lines that spell a pointer's pointee type: with quoted strings removed, IR writes `*` only there. */
export function typedPointerLines(ir: string): string[] {
  return ir.split('\n').filter((l) => l.replace(/c?"(?:[^"\\]|\\.)*"/g, '').replace(/;.*/, '').includes('*'));
}

describe('opaque pointers only', () => {
  it('the check catches typed pointers', () => {
    expect(typedPointerLines('%a = load i64, i64* %p\n%b = bitcast ptr %x to i8*\nstore { i8* } %s, ptr %q\n@g = global [2 x i8] c"*\\00" ; a * b')).toHaveLength(3);
  });

  it(`no line of the IR of ${CORPUS.length} scripts has a typed pointer`, () => {
    let compiled = 0;
    for (const { name, source } of CORPUS) {
      const program = checked(source, name);
      if (!program) continue;
      const { ir } = emitIr(program, { kernel, userSymbol: () => 0x1000n, cgroupId: () => 1n });
      expect(typedPointerLines(ir), name).toEqual([]);
      compiled++;
    }
    expect(compiled).toBeGreaterThan(CORPUS.length / 2);
  });
});

describe.skipIf(LLCS.filter((l) => l.path).length < 2)('every llc gives the same BTF', () => {
  const SCRIPTS = ['biolatency.bt', 'tcpconnect.bt', 'opensnoop.bt', 'runqlat.bt'].filter((t) => toolNames.includes(t));
  for (const tool of SCRIPTS) {
    it(tool, () => {
      const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-btf-'));
      const dumps = LLCS.filter((l) => l.path).map(({ version, path }) => {
        const r = compile(checked(readTool(tool), toolPath(tool))!, { kernel, llc: path });
        expect(r.diagnostics.filter((d) => d.severity === 'error'), `llc ${version}`).toEqual([]);
        const file = join(dir, `${version}.o`);
        writeFileSync(file, r.object!);
        const d = spawnSync('bpftool', ['btf', 'dump', 'file', file], { encoding: 'utf8' });
        expect(d.status, d.stderr).toBe(0);
        return d.stdout;
      });
      spawnSync('rm', ['-rf', dir]);
      expect(dumps[0]).toMatch(/\[\d+\] VAR '\w+' type_id=\d+, linkage=global/); // the map definitions in .maps
      for (const d of dumps.slice(1)) expect(d).toBe(dumps[0]);
    });
  }
});
