// Numeric $N are read as bpftrace 0.17 reads them: C's strtoll with base 0.
import { describe, expect, it } from 'vitest';
import { parseIntBase0 } from '../src/expressions.js';

describe('parseIntBase0 (strtoll base 0)', () => {
  it('reads decimal, 0x hex and 0 octal, with blanks and a sign in front', () => {
    const cases: [string, bigint][] = [
      ['42', 42n], ['0', 0n], ['0644', 420n], ['0x1f', 31n], ['0X1F', 31n], ['-010', -8n], ['+7', 7n], ['  9', 9n], ['-0x10', -16n],
    ];
    for (const [text, v] of cases) expect(parseIntBase0(text), text).toBe(v);
  });

  it('stops at the first character that does not fit; nothing readable is 0', () => {
    const cases: [string, bigint][] = [['12abc', 12n], ['089', 0n], ['0778', 63n], ['abc', 0n], ['', 0n], ['-', 0n]];
    for (const [text, v] of cases) expect(parseIntBase0(text), text).toBe(v);
  });
});
