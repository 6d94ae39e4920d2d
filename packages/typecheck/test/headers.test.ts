// Headers read through a HeaderSource (cdefs/headers.ts), no file system: macros,
// declarations, nested includes, #if blocks, and how check() uses them.
import { describe, expect, it } from 'vitest';
import { parse } from '@bpftrace-ts/parser';
import { check } from '../src/index.js';
import { readHeaders, type HeaderSource } from '../src/cdefs/headers.js';
import { fakeKernel } from './fake-kernel.js';

const FILES: Record<string, string> = {
  'a.h': '#include "b.h"\n#define A 1 /* one */\n#define LONG \\\n  (A + 1)\n#define F(x) x\nstruct sa { int x; };\n' +
    '#ifdef NOPE\n#define GONE 1\n#else\n#define KEPT 3\n#endif\n#if defined(__x86_64__) && A\nenum e { E0, E1 = 7 };\n#endif\n' +
    'int f(struct sa *p);\ntypedef struct sa sa_t;\n#undef A\n',
  'b.h': '#include "a.h"\n#define B 2\n',
};
const source: HeaderSource = (name) => (FILES[name] === undefined ? undefined : { path: `/inc/${name}`, text: FILES[name]! });

describe('readHeaders', () => {
  it('macros (object-like, continued lines), declarations in order, nested includes once, #if decided', () => {
    const r = readHeaders([{ name: 'a.h', quoted: false }], source, new Map([['__x86_64__', '1']]));
    expect(r.missing).toBeUndefined();
    expect(r.macros.get('B')).toBe('2');
    expect(r.macros.get('LONG')).toBe('(A + 1)');
    expect(r.macros.has('A')).toBe(false);
    expect(r.macros.has('F')).toBe(false);
    expect(r.macros.has('GONE')).toBe(false);
    expect(r.macros.get('KEPT')).toBe('3');
    expect(r.declarations).toEqual(['struct sa { int x; };', 'enum e { E0, E1 = 7 };', 'typedef struct sa sa_t;']);
  });
  it('names the first header it cannot find', () => {
    expect(readHeaders([{ name: 'a.h', quoted: false }, { name: 'c.h', quoted: true }], source, new Map()).missing).toBe('c.h');
  });
});

describe('check() with headers', () => {
  const run = (src: string, extra: string[] = []) =>
    check(parse(src, { file: 'stdin' }).ast!, fakeKernel(), { params: [], headers: { source, extra } });
  it('a missing header is an error at its #include line', () => {
    const r = run('#include <nothere.h>\nBEGIN { }');
    expect(r.diagnostics.map((d) => [d.code, d.message, d.range?.start.line])).toEqual([['pre/header-not-found', "'nothere.h' file not found", 1]]);
  });
  it('--include headers come first; their macros, enums and records are known', () => {
    const r = run('BEGIN { @ = B + KEPT + E1 + sizeof(struct sa); }', ['a.h']);
    expect(r.diagnostics).toEqual([]);
  });
});
