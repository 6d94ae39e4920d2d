// Constant integer expressions over C tokens: `#if` conditions, enumerator values,
// array lengths and bitfield widths. Names resolve through a callback (macros,
// enumerators); `defined(X)` through another. Anything unparsable is undefined.
import type { CToken } from './c-tokens.js';

export interface ConstEnv {
  /** Value of a name, or undefined when unknown (C's `#if` treats unknown names as 0). */
  name(id: string): bigint | undefined;
  defined?(id: string): boolean;
  /** In `#if`, unknown names are 0 instead of an error. */
  unknownIsZero?: boolean;
}

const BINARY: [string, number][] = [
  ['||', 1], ['&&', 2], ['|', 3], ['^', 4], ['&', 5], ['==', 6], ['!=', 6],
  ['<', 7], ['>', 7], ['<=', 7], ['>=', 7], ['<<', 8], ['>>', 8], ['+', 9], ['-', 9], ['*', 10], ['/', 10], ['%', 10],
];
const PREC = new Map(BINARY);
const b = (x: boolean) => (x ? 1n : 0n);

function apply(op: string, l: bigint, r: bigint): bigint | undefined {
  switch (op) {
    case '||': return b(l !== 0n || r !== 0n);
    case '&&': return b(l !== 0n && r !== 0n);
    case '|': return l | r;
    case '^': return l ^ r;
    case '&': return l & r;
    case '==': return b(l === r);
    case '!=': return b(l !== r);
    case '<': return b(l < r);
    case '>': return b(l > r);
    case '<=': return b(l <= r);
    case '>=': return b(l >= r);
    case '<<': return r >= 0n && r < 64n ? l << r : undefined;
    case '>>': return r >= 0n && r < 64n ? l >> r : undefined;
    case '+': return l + r;
    case '-': return l - r;
    case '*': return l * r;
    case '/': return r === 0n ? undefined : l / r;
    case '%': return r === 0n ? undefined : l % r;
  }
  return undefined;
}

/** Evaluates all of `tokens` as one constant expression. */
export function evalConst(tokens: readonly CToken[], env: ConstEnv): bigint | undefined {
  let i = 0;
  let ok = true;
  const peek = () => tokens[i];
  const fail = (): bigint => { ok = false; return 0n; };

  function primary(): bigint {
    const t = tokens[i++];
    if (!t) return fail();
    if (t.kind === 'number') return t.value ?? fail();
    if (t.kind === 'ident') {
      if (t.text === 'defined') {
        const paren = peek()?.text === '(';
        if (paren) i++;
        const n = tokens[i++];
        if (paren && tokens[i++]?.text !== ')') return fail();
        return b(n?.kind === 'ident' && (env.defined?.(n.text) ?? false));
      }
      const v = env.name(t.text);
      if (v !== undefined) return v;
      return env.unknownIsZero ? 0n : fail();
    }
    if (t.text === '(') {
      const v = expr(0);
      if (tokens[i++]?.text !== ')') return fail();
      return v;
    }
    if (t.text === '-') return -primary();
    if (t.text === '+') return primary();
    if (t.text === '!') return b(primary() === 0n);
    if (t.text === '~') return ~primary();
    return fail();
  }

  function expr(minPrec: number): bigint {
    let l = primary();
    for (;;) {
      const op = peek();
      if (op?.text === '?' && minPrec === 0) {
        i++;
        const a = expr(0);
        if (tokens[i++]?.text !== ':') return fail();
        const c = expr(0);
        l = l !== 0n ? a : c;
        continue;
      }
      const p = op?.kind === 'punct' ? PREC.get(op.text) : undefined;
      if (p === undefined || p < minPrec) return l;
      i++;
      const r = expr(p + 1);
      const v = apply(op!.text, l, r);
      if (v === undefined) return fail();
      l = v;
    }
  }

  const v = expr(0);
  return ok && i === tokens.length ? v : undefined;
}
