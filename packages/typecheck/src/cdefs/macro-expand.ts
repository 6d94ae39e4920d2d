// Object-like #define expansion, bounded as bpftrace 0.17 bounds it. bpftrace's lexer pushes a
// macro's text back into its input and re-reads it; once 1000 characters of replacement text
// have been pushed back for one use it stops with "Macro recursion limit reached: NAME, TEXT"
// (the macro it was expanding and that macro's text). A macro whose text is exactly its own
// name stays an identifier. Counting characters bounds both cycles (`A` -> `B` -> `A`) and
// chains that double at each step, in time and memory, before anything is parsed.
//
// One difference: bpftrace resets its count at every identifier that is not a macro, so
// `#define A (x + A)` loops forever there; here the count runs for the whole use.
import { tokenizeC, type CToken } from './c-tokens.js';

/** Characters of replacement text one use may expand to (bpftrace 0.17's lexer limit). */
export const MACRO_EXPANSION_LIMIT = 1000;

export type MacroExpansion =
  | { ok: true; text: string }
  /** The macro being expanded when the limit was reached, and its replacement text. */
  | { ok: false; name: string; text: string };

/**
 * bpftrace stores a macro's text as clang's tokens joined without spaces; its limit counts
 * those characters, so the count here does too.
 */
function countedLength(tokens: readonly CToken[]): number {
  return tokens.reduce((n, t) => n + (t.kind === 'string' ? t.text.length + 2 : t.text.length), 0);
}

function tokenText(t: CToken): string {
  return t.kind === 'string' ? `"${t.text}"` : t.text;
}

/** The full expansion of macro `name` as expression text, or where the limit stopped it. */
export function expandMacro(name: string, macros: ReadonlyMap<string, string>): MacroExpansion {
  const tokenCache = new Map<string, CToken[]>();
  const tokensOf = (macro: string): CToken[] => {
    let t = tokenCache.get(macro);
    if (!t) { t = tokenizeC(macros.get(macro)!); tokenCache.set(macro, t); }
    return t;
  };
  let out = '';
  // Tokens apart, except a `$` or `@` and what it names: `$1`, `@m` (bpftrace would glue
  // everything, `- -1` into `--1`; keeping tokens apart keeps the macro's meaning).
  const emit = (t: CToken) => {
    out += (out === '' || out.endsWith('$') || out.endsWith('@') ? '' : ' ') + tokenText(t);
  };
  // Tokens still to read, last first (bpftrace's unput() pushes the text back the same way).
  const pending: CToken[] = [{ kind: 'ident', text: name }];
  let count = 0;
  while (pending.length > 0) {
    const tok = pending.pop()!;
    const text = tok.kind === 'ident' ? macros.get(tok.text) : undefined;
    if (text === undefined || text === tok.text) { emit(tok); continue; }
    const tokens = tokensOf(tok.text);
    count += countedLength(tokens);
    if (count > MACRO_EXPANSION_LIMIT) return { ok: false, name: tok.text, text: tokens.map(tokenText).join('') };
    for (let i = tokens.length - 1; i >= 0; i--) pending.push(tokens[i]!);
  }
  return { ok: true, text: out };
}
