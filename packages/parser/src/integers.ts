// Integer literal text to value: decimal with `_` and `e` exponent, hex, octal and the
// C suffixes (u, l, ul, ll, ull) that bpftrace accepts.

const MAX_U64 = (1n << 64n) - 1n;

export function parseIntegerText(text: string): { value: bigint } | { error: string } {
  let t = text.replace(/[uUlL]+$/, '');
  let value: bigint;
  if (/^0[xX]/.test(t)) {
    value = BigInt(t);
  } else if (/^0[0-7]+$/.test(t)) {
    value = BigInt('0o' + t.slice(1));
  } else {
    t = t.replace(/_/g, '');
    const m = /^([0-9]+)(?:[eE]([0-9]+))?$/.exec(t);
    if (!m) return { error: 'invalid integer' };
    const exp = m[2] === undefined ? 0 : Number(m[2]);
    if (exp > 20) return { error: 'stoull' };
    value = BigInt(m[1]!) * 10n ** BigInt(exp);
  }
  if (value > MAX_U64) return { error: 'stoull' };
  return { value };
}
