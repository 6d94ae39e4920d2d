// What lint accepts, compile must not reject without pointing at the script: bpftrace 0.17's
// checks that we lacked (string sizes, str/buf lengths, positional values, macros) now stop
// these in lint, with a location; what only llc can tell (the BPF stack) is located at the probe.
import { describe, expect, it } from 'vitest';
import { compileScript, lintScript } from '../src/index.js';
import { readDefaultProfile } from '../src/kernel/index.js';
import { describeEachLlc } from '../../../test/support/llvm-versions.js';

const kernel = readDefaultProfile();
const list = (n: number, x: (i: number) => string) => Array.from({ length: n }, (_, i) => x(i)).join(', ');
const chain = ['#define A0 1', ...Array.from({ length: 40 }, (_, i) => `#define A${i + 1} (A${i} + A${i})`), 'BEGIN { @ = A40; exit(); }'].join('\n');

const cases: { name: string; script: string; params?: string[]; lint: 'error' | 'ok' }[] = [
  { name: 'string literal over 64 bytes', script: `BEGIN { @ = "${'a'.repeat(100)}"; exit(); }`, lint: 'error' },
  { name: 'long string as printf argument', script: `BEGIN { printf("%s\\n", "${'a'.repeat(100)}"); exit(); }`, lint: 'error' },
  { name: 'long string as map key', script: `BEGIN { @["${'a'.repeat(100)}"] = 1; exit(); }`, lint: 'error' },
  { name: 'long printf format', script: `BEGIN { printf("${'a'.repeat(100)}\\n"); exit(); }`, lint: 'ok' },
  { name: 'str() negative length', script: 'BEGIN { @ = str(0, -1); exit(); }', lint: 'error' },
  { name: 'buf() negative length', script: 'BEGIN { @ = buf(0, -1); exit(); }', lint: 'error' },
  { name: 'buf() longer than the string size', script: 'BEGIN { @ = buf(0, 1000); exit(); }', lint: 'ok' },
  { name: '$1 above 2^64', script: 'BEGIN { @ = $1; exit(); }', params: ['18446744073709551616'], lint: 'error' },
  { name: '$1 above int64', script: 'BEGIN { @ = $1; exit(); }', params: ['9223372036854775808'], lint: 'error' },
  { name: 'tuple over the stack', script: `BEGIN { $t = (${list(70, String)}); exit(); }`, lint: 'error' },
  { name: 'tuple map value near the stack', script: `BEGIN { @t = (${list(31, String)}); exit(); }`, lint: 'ok' },
  { name: 'tuple of strings near the stack', script: `BEGIN { $t = (${list(11, () => 'comm')}); exit(); }`, lint: 'ok' },
  { name: 'doubling #define chain', script: chain, lint: 'error' },
  { name: '#define cycle', script: '#define A B\n#define B A\nBEGIN { @ = A; exit(); }', lint: 'error' },
];

describe.skipIf(!kernel)('lint, then compile', () => {
  for (const c of cases) {
    it(c.name, () => {
      const opts = { file: 'x.bt', kernel: kernel!, params: c.params ?? [] };
      const lintErrors = lintScript(c.script, opts).filter((d) => d.severity === 'error');
      expect(lintErrors.length > 0 ? 'error' : 'ok').toBe(c.lint);
      for (const d of lintErrors) expect(d.range, d.message).toBeDefined();
      if (lintErrors.length) return;
      const r = compileScript(c.script, opts);
      for (const d of r.diagnostics.filter((x) => x.severity === 'error')) {
        expect(d.range, d.message).toBeDefined();
        expect(d.message).not.toMatch(/llc/);
      }
    });
  }

});

// llc 14 and later ones word the stack error differently: each is located.
describeEachLlc('stack overflow', (llc) => {
  it.skipIf(!kernel)('points a stack overflow llc finds at the probe', () => {
    const saved = process.env.BPFTRACE_TS_LLC;
    process.env.BPFTRACE_TS_LLC = llc;
    let r: ReturnType<typeof compileScript>;
    try {
      r = compileScript(`BEGIN { exit(); }\nEND { @t = (${list(31, String)}); exit(); }`, { file: 'x.bt', kernel: kernel! });
    } finally {
      if (saved === undefined) delete process.env.BPFTRACE_TS_LLC;
      else process.env.BPFTRACE_TS_LLC = saved;
    }
    expect(r.object).toBeUndefined();
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({
      code: 'codegen/stack-limit', file: 'x.bt',
      range: expect.objectContaining({ start: expect.objectContaining({ line: 2, column: 1 }), end: expect.objectContaining({ line: 2, column: 4 }) }),
      message: "This probe needs more than the BPF stack's 512 bytes: use fewer or smaller tuples, strings and map keys in it",
    })]);
  });
});
