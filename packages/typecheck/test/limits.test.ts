// Inputs that must not break the checker, nor reach llc: macro expansion is bounded as
// bpftrace 0.17's lexer bounds it (its messages are in errors.json, recorded from 0.17);
// tuples that cannot fit the BPF stack are refused here, with a location.
import { describe, expect, it } from 'vitest';
import { expandMacro, MACRO_EXPANSION_LIMIT } from '../src/cdefs/macro-expand.js';
import { positionalInt } from '../src/positional.js';
import { checkSource, firstLine } from './helpers.js';
import { MAX_UNROLLED_NODES } from '../src/passes/statements.js';

const defines = (pairs: [string, string][]) => new Map(pairs);

describe('macro expansion', () => {
  it('stops a chain that doubles at each step at the limit, naming the macro and its text', () => {
    const m = defines([['A0', '1'], ...Array.from({ length: 40 }, (_, i): [string, string] => [`A${i + 1}`, `(A${i} + A${i})`])]);
    expect(expandMacro('A40', m)).toEqual({ ok: false, name: 'A0', text: '1' });
    // Small chains expand in full (2^5 ones).
    const x = expandMacro('A5', m);
    expect(x.ok && x.text.split('1').length - 1).toBe(32);
  });

  it('stops a cycle, and leaves a macro that is its own name alone', () => {
    expect(expandMacro('A', defines([['A', 'B'], ['B', 'A']]))).toEqual({ ok: false, name: 'A', text: 'B' });
    expect(expandMacro('A', defines([['A', '(A + 1)']]))).toEqual({ ok: false, name: 'A', text: '(A+1)' });
    expect(expandMacro('A', defines([['A', 'A']]))).toEqual({ ok: true, text: 'A' });
  });

  it('counts characters as bpftrace does: the text of clang\'s tokens, without spaces', () => {
    // 1000 characters pass, 1001 do not.
    const exactly = defines([['X', 'x'.repeat(MACRO_EXPANSION_LIMIT)]]);
    expect(expandMacro('X', exactly).ok).toBe(true);
    const over = defines([['X', `${'x'.repeat(MACRO_EXPANSION_LIMIT - 1)} + 1`]]);
    expect(expandMacro('X', over).ok).toBe(false);
    expect(expandMacro('S', defines([['S', '"a b"']]))).toEqual({ ok: true, text: '"a b"' });
  });

  it('reports the limit at the use, and checks nested macros as one expression', () => {
    const r = checkSource('#define A B\n#define B A\nBEGIN { @ = A + 1; exit(); }');
    expect(r.diagnostics.map(firstLine)).toEqual(['stdin:3:13-14: ERROR: Macro recursion limit reached: A, B']);
    expect(checkSource('#define B 2\n#define A (B + 1)\nBEGIN { @ = A * 3; exit(); }').diagnostics).toEqual([]);
  });
});

describe('tuples and the BPF stack', () => {
  const ints = (n: number) => Array.from({ length: n }, (_, i) => i).join(', ');

  it('refuses a tuple larger than the BPF stack, where it is written', () => {
    const r = checkSource(`BEGIN { $t = (${ints(70)}); exit(); }`);
    expect(r.diagnostics.map(firstLine)).toEqual([expect.stringMatching(/^stdin:1:14-\d+: ERROR: Tuple is too large for the BPF stack \(560 bytes, over 512\)$/)]);
    expect(checkSource(`BEGIN { $t = (${ints(64)}); exit(); }`).diagnostics).toEqual([]);
  });
});

describe('positional parameters as numbers', () => {
  it('reads them as C\'s stoll with base 0, within int64', () => {
    const cases: [string, bigint | undefined][] = [
      ['5', 5n], ['-5', -5n], ['+5', 5n], [' 7', 7n], ['0x10', 16n], ['010', 8n], ['0', 0n],
      ['9223372036854775807', (1n << 63n) - 1n], ['-9223372036854775808', -(1n << 63n)],
      ['9223372036854775808', undefined], ['18446744073709551615', undefined], ['18446744073709551616', undefined],
      ['08', undefined], ['5 ', undefined], ['1e30', undefined], ['', undefined], ['0x', undefined], ['abc', undefined],
    ];
    for (const [text, value] of cases) expect(positionalInt(text), text).toBe(value);
  });
});

describe('buf() lengths', () => {
  it('shortens a buffer longer than the string size to it, as its warning says', () => {
    const r = checkSource('BEGIN { @ = buf(0, 1000); exit(); }');
    expect(r.program?.maps.get('@')?.value).toEqual({ tag: 'special', kind: 'buffer', size: 65 });
  });
});

describe('macro text', () => {
  it('keeps positional parameters, maps and operators whole', () => {
    const r = checkSource('#define N $1\n#define M @m\n#define NEG - -1\nBEGIN { @m = 1; @ = N + M + NEG; exit(); }', { params: ['5'] });
    expect(r.diagnostics).toEqual([]);
    expect(expandMacro('A', defines([['A', '(x + B)'], ['B', 'sizeof(struct task_struct)']])))
      .toEqual({ ok: true, text: '( x + sizeof ( struct task_struct ) )' });
  });
});

describe('unroll expansion', () => {
  it('refuses nested unrolls that multiply past the limit, at the innermost unroll past it', () => {
    // Each level doubles the copies: at the 15th from the inside, 2^17 - 1 nodes pass 100,000.
    const n = 30;
    const src = `BEGIN { ${'unroll(2) { '.repeat(n)}@x = 1; ${'} '.repeat(n)}}`;
    const r = checkSource(src);
    expect(r.diagnostics.map(firstLine)).toEqual([
      `stdin:1:${1 + 'BEGIN { '.length + 'unroll(2) { '.length * (n - 15)}-${'BEGIN { '.length + 'unroll(2) { '.length * (n - 15) + 'unroll(2)'.length + 1}: ERROR: unroll expands to 131071 AST nodes, over the limit of ${MAX_UNROLLED_NODES} (nested unrolls multiply)`,
    ]);
  });

  it('accepts what fits: 100 copies of 10 copies, and unroll(1) thousands deep', () => {
    expect(checkSource('BEGIN { unroll(100) { unroll(10) { @x = 1; @y = 2; } } }').diagnostics).toEqual([]);
    expect(checkSource(`BEGIN { ${'unroll(1) { '.repeat(3000)}@x = 1; ${'} '.repeat(3000)}}`).diagnostics).toEqual([]);
  });
});
