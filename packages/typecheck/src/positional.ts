// A positional parameter's value as a number, read as bpftrace 0.17 reads it (C's stoll with
// base 0): optional leading blanks and sign, then hex (0x...), octal (leading 0) or decimal
// digits to the end of the text, within int64. Anything else is not a number: "$1 used
// numerically" is an error, never a silently wrapped value.

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/** The value of `text` as stoll(text, &end, 0) with end at the text's end reads it, or undefined. */
export function positionalInt(text: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const [, sign, digits] = m as unknown as [string, string, string];
  const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}
