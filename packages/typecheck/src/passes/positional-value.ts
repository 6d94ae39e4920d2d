// The integer a positional parameter's text stands for. bpftrace 0.17 reads it as
// strtoll with base 0 does: `0x1f` is hex, `0775` octal, anything else decimal.

export function positionalValue(text: string | undefined): bigint | undefined {
  const m = text === undefined ? null : /^\s*(-?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)\s*$/.exec(text);
  if (!m) return undefined;
  const digits = m[2]!;
  const v = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits);
  return m[1] ? -v : v;
}
