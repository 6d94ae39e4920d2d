// A C tokenizer for the script's own declarations and `#if` conditions: identifiers,
// numbers, strings and punctuation; comments are dropped. Never throws: an unknown
// character becomes a one-character punctuation token the parser then rejects.

export interface CToken {
  kind: 'ident' | 'number' | 'string' | 'punct';
  text: string;
  /** Numeric value for `number` tokens. */
  value?: bigint;
}

const PUNCT = ['<<', '>>', '<=', '>=', '==', '!=', '&&', '||', '...', '->'];

/** The value of a C integer literal (`0x1f`, `017`, `10UL`), or undefined. */
export function cIntValue(text: string): bigint | undefined {
  const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)[uUlL]*$/.exec(text);
  if (!m) return undefined;
  const t = m[1]!;
  if (/^0[0-7]+$/.test(t)) return BigInt(`0o${t.slice(1)}`);
  return BigInt(t);
}

export function tokenizeC(src: string): CToken[] {
  const out: CToken[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (/\s/.test(c)) { i++; continue; }
    if (src.startsWith('//', i)) { const j = src.indexOf('\n', i); i = j < 0 ? src.length : j; continue; }
    if (src.startsWith('/*', i)) { const j = src.indexOf('*/', i + 2); i = j < 0 ? src.length : j + 2; continue; }
    const id = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i, i + 256));
    if (id) { out.push({ kind: 'ident', text: id[0] }); i += id[0].length; continue; }
    const num = /^[0-9][0-9A-Za-z_]*/.exec(src.slice(i, i + 64));
    if (num) {
      const value = cIntValue(num[0]);
      out.push(value === undefined ? { kind: 'number', text: num[0] } : { kind: 'number', text: num[0], value });
      i += num[0].length;
      continue;
    }
    if (c === '"' || c === "'") {
      let j = i + 1;
      while (j < src.length && src[j] !== c) j += src[j] === '\\' ? 2 : 1;
      const body = src.slice(i + 1, j);
      if (c === "'") out.push({ kind: 'number', text: src.slice(i, j + 1), value: BigInt(body.charCodeAt(body.startsWith('\\') ? 1 : 0) || 0) });
      else out.push({ kind: 'string', text: body });
      i = j + 1;
      continue;
    }
    const p = PUNCT.find((x) => src.startsWith(x, i)) ?? c;
    out.push({ kind: 'punct', text: p });
    i += p.length;
  }
  return out;
}
