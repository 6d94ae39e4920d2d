// Numeric $N are read as bpftrace 0.17 reads them (C's strtoll with base 0, the whole text).
import { describe, expect, it } from 'vitest';
import { positionalInt } from '../src/positional.js';

describe('positionalInt', () => {
  it('reads decimal, 0x hex and 0 octal, with blanks and a sign in front', () => {
    const cases: [string, bigint][] = [
      ['42', 42n], ['0', 0n], ['0644', 420n], ['0x1f', 31n], ['0X1F', 31n], ['-010', -8n], ['+7', 7n], ['  9', 9n], ['-0x10', -16n],
    ];
    for (const [text, v] of cases) expect(positionalInt(text), text).toBe(v);
  });

  it('is not a number when any character does not fit, or outside int64', () => {
    for (const text of ['12abc', '089', '0778', 'abc', '', '-', '5 ', '9223372036854775808']) expect(positionalInt(text), text).toBeUndefined();
  });
});
