// The script C-definition parser and layout, checked against BTF: bpftool prints kernel
// structs as C (`bpftool btf dump file vmlinux format c`); parsing that text must give the
// offsets, bitfields and sizes BTF records for the same struct. Plus the preprocessor.
import { describe, it, expect } from 'vitest';
import { execFileSync } from 'node:child_process';
import { parse } from '@bpftrace-ts/parser';
import { parseCDefinitions } from '../src/cdefs/c-decl.js';
import { preprocess } from '../src/cdefs/preprocess.js';
import { evalConst } from '../src/cdefs/const-expr.js';
import { tokenizeC } from '../src/cdefs/c-tokens.js';
import { thisKernel, hasThisKernel } from './kernel/this-kernel.js';
import { VMLINUX } from './kernel/machine.js';

function bpftoolC(): string | undefined {
  try { return execFileSync('bpftool', ['btf', 'dump', 'file', VMLINUX, 'format', 'c'], { maxBuffer: 1 << 30, encoding: 'utf8' }); } catch { return undefined; }
}

const STRUCTS = ['qstr', 'path', 'list_head', 'load_weight', 'in6_addr', 'sock_common', 'sk_buff_head', 'timespec64', 'cfs_rq', 'file', 'dentry', 'task_struct'];

describe.skipIf(!hasThisKernel())('struct layouts match BTF', () => {
  const text = bpftoolC();
  const kernel = thisKernel();
  for (const name of STRUCTS) {
    it.skipIf(!text)(name, () => {
      const m = new RegExp(`^struct ${name} \\{\\n[\\s\\S]*?\\n\\}( __attribute__\\(\\(\\w+\\)\\))?;$`, 'm').exec(text!);
      expect(m, `bpftool prints struct ${name}`).toBeTruthy();
      const defs = parseCDefinitions([m![0]], kernel);
      expect(defs.errors).toEqual([undefined]);
      const ours = defs.records.get(name)!;
      const btf = kernel.record(name)!;
      expect(ours.size).toBe(btf.size);
      const shape = (r: typeof ours) => r.fields.map((f) => [f.name, f.offset, f.bitOffset, f.bitSize]);
      expect(shape(ours)).toEqual(shape(btf));
    });
  }
});

describe('script definitions', () => {
  const kernel = { tracepoints: () => [], tracepointFormat: () => undefined, record: () => undefined,
    features: { kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true } };
  it('enumerators count on from the last value', () => {
    const d = parseCDefinitions(['enum e { A = 3, B, C = A << 2, D };'], kernel);
    expect([...d.enums]).toEqual([['A', 3n], ['B', 4n], ['C', 12n], ['D', 13n]]);
  });
  it('takes a last member without its ;, as clang does', () => {
    const d = parseCDefinitions(['struct s { struct { int m[1] } y; struct { int n:3 } a; char c[3] };'], kernel);
    expect(d.errors).toEqual([undefined]);
    const s = d.records.get('s')!;
    expect(s.fields.map((f) => [f.name, f.offset])).toEqual([['y', 0], ['a', 4], ['c', 8]]);
    expect(s.size).toBe(12);
  });
  it('reports unknown types instead of throwing', () => {
    expect(parseCDefinitions(['struct s { nosuch_t x; };'], kernel).errors).toEqual(["unknown type name 'nosuch_t'"]);
  });
  it('evaluates #if conditions', () => {
    const env = { name: (n: string) => (n === 'X' ? 2n : undefined), defined: (n: string) => n === 'X', unknownIsZero: true };
    expect(evalConst(tokenizeC('defined(X) && X > 1 || Y'), env)).toBe(1n);
    expect(evalConst(tokenizeC('!defined X ? 5 : (1 << 4) | 1'), env)).toBe(17n);
  });
  it('keeps only live branches', () => {
    const src = '#ifndef BPFTRACE_HAVE_BTF\nstruct a { int x; };\n#else\n#define Y 1\nstruct b { int y; };\n#endif\n#include <sys/socket.h>\nBEGIN { }';
    const pre = preprocess(parse(src, { file: 'x' }).ast!, new Map([['BPFTRACE_HAVE_BTF', '1']]));
    expect(pre.definitions.map((d) => d.text)).toEqual(['struct b { int y; };']);
    expect([...pre.macros]).toEqual([['BPFTRACE_HAVE_BTF', '1'], ['Y', '1']]);
    expect(pre.includes).toEqual(['sys/socket.h']);
  });
});
