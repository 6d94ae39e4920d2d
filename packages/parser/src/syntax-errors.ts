// Turn an ohm match failure into diagnostics worded and placed like bpftrace 0.17's
// bison parser: "syntax error, unexpected X[, expecting Y]".
//
// Two 0.17 quirks are reproduced: an error's location starts after the last
// whitespace (its lexer only resets the location start on blanks), so `count(;`
// underlines all of `count(;`; and the "expecting" tail names what could be inserted
// at the error (we find it by trying to insert each candidate and re-matching).
import type * as ohm from 'ohm-js';
import { error, type Diagnostic } from './diagnostic.js';
import type { LineMap } from './positions.js';
import { tokens, type Token } from './error-lexer.js';
import { topLevelError } from './top-level-errors.js';

const SYNTAX = 'parse/syntax';

/** True only where the grammar surely matches the text (parse.ts passes the fast path). */
export type Accepts = (text: string) => boolean;

interface Open {
  tok: Token;
  prev?: Token;
}

/**
 * `source` is the script as written; `text` the same with comments blanked (same
 * offsets); `failPos` the source offset of ohm's rightmost failure.
 */
export function syntaxErrors(source: string, text: string, failPos: number, lines: LineMap, grammar: ohm.Grammar, accepts?: Accepts): Diagnostic[] {
  // Walk tokens up to the failure, tracking open brackets to know the context.
  const stack: Open[] = [];
  let predicate = false; // a `/` seen at top level since the last probe body
  let lastTopEnd = 0;
  let prev: Token | undefined;
  let bad: Token | undefined;
  for (const t of tokens(source)) {
    if (t.lexError) {
      const range = lines.range(blankStart(source, t.start), t.end);
      const exp = stack.at(-1)?.tok.name === '{' && t.lexError.includes('comment') ? ', expecting }' : '';
      return [error('parse/lex', t.lexError, range), error(SYNTAX, `syntax error, unexpected end of file${exp}`, range)];
    }
    if (t.end > failPos || t.name === 'end of file') {
      bad = t;
      break;
    }
    if (t.name === '{' || t.name === '(' || t.name === '[') stack.push({ tok: t, prev });
    else if (t.name === '}' || t.name === ')' || t.name === ']') {
      stack.pop();
      if (t.name === '}' && stack.length === 0) {
        lastTopEnd = t.end;
        predicate = false;
      }
    } else if (t.name === ';' && stack.length === 0) lastTopEnd = t.end; // after a C definition
    else if (t.name === '/' && stack.length === 0) predicate = true;
    prev = t;
  }
  bad ??= { name: 'end of file', start: source.length, end: source.length };
  // `1s`: bison reads the integer then an identifier; report the identifier.
  if (bad.name === 'integer' && /[A-Za-z_]/.test(source[bad.end] ?? '')) {
    prev = bad;
    bad = { name: 'identifier', start: bad.end, end: wordEnd(source, bad.end) };
  }

  if (stack.length === 0) {
    // Outside any body: attach-point text (or a predicate, left to the code below).
    const top = topLevelError(source, text, lastTopEnd, lines);
    if (top) return top;
  }
  if (stack.length === 0 && !predicate) {
    if (bad.name === '}') return [error(SYNTAX, 'syntax error, unexpected }, expecting {', tokenRange(source, lines, bad))];
    // Outside any probe body and predicate, bpftrace reads attach points and wants `{`.
    return [missingBrace(lines, lastTopEnd)];
  }
  let range;
  if (bad.name === 'end of file') {
    // At end of file bison reports the last token, unless blanks followed it.
    range = prev && prev.end === source.length ? tokenRange(source, lines, prev) : lines.range(source.length, source.length);
  } else range = tokenRange(source, lines, bad);
  const tail = expecting(text, lastTopEnd, bad, stack.at(-1), predicate && stack.length === 0, grammar, accepts);
  return [error(SYNTAX, `syntax error, unexpected ${bad.name}${tail}`, range)];
}

/** bpftrace's error when the text after the last probe is not a probe. */
export function missingBrace(lines: LineMap, from: number): Diagnostic {
  return error(SYNTAX, 'unexpected end of file, expected {', lines.range(from, lines.source.length));
}

function tokenRange(source: string, lines: LineMap, t: Token) {
  return lines.range(blankStart(source, t.start), Math.max(t.end, t.start + 1));
}

/** Start of the run of non-blank text that ends at `pos` (the 0.17 location quirk). */
function blankStart(source: string, pos: number): number {
  let i = pos;
  while (i > 0 && !/\s/.test(source[i - 1]!)) i--;
  return i;
}

function wordEnd(source: string, pos: number): number {
  let i = pos;
  while (i < source.length && /[A-Za-z0-9_]/.test(source[i]!)) i++;
  return i;
}

/**
 * Would the grammar accept `text` inserted before the bad token? Only the current
 * probe (from `from`) is re-matched, which keeps this cheap in long scripts.
 */
function insertable(source: string, from: number, bad: Token, text: string, grammar: ohm.Grammar, accepts?: Accepts): boolean {
  // Matched as is: compacting would read `/` + `/` as a comment.
  const probe = source.slice(from, bad.start) + text + ' ';
  // The fast path answers for any size (it gives up on very deep text).
  if (accepts?.(probe)) return true;
  // Not in a huge or very deep probe: the re-match would cost too much memory or stack
  // (parse.ts matches those in pieces); the message then goes without its tail.
  if (bad.start - from > MAX_REMATCH) return false;
  try {
    const m = grammar.match(probe);
    return m.succeeded() || (m as ohm.FailedMatchResult).getRightmostFailurePosition() >= bad.start - from + text.length;
  } catch {
    return false; // stack overflow on deep nesting
  }
}

const MAX_REMATCH = 64 * 1024;

/** The short "expecting ..." tail bison adds when few tokens fit. */
function expecting(source: string, from: number, bad: Token, open: Open | undefined, inPredicate: boolean, grammar: ohm.Grammar, accepts?: Accepts): string {
  const can = (text: string) => insertable(source, from, bad, text, grammar, accepts);
  if (inPredicate) return can('/') ? ', expecting end predicate' : '';
  if (!open) return '';
  const closer = { '{': '}', '(': ')', '[': ']' }[open.tok.name];
  if (open.tok.name === '{' && can('}')) return ', expecting }';
  // Closers, `:` and `(` are only named right after a complete expression or keyword.
  const exprDone = () => can('+1');
  if (closer && closer !== '}' && can(closer) && exprDone()) {
    const listy = open.tok.name === '[' ? open.prev?.name === 'map' : /identifier|call/.test(open.prev?.name ?? '');
    return listy && can(',') ? `, expecting ${closer} or ","` : `, expecting ${closer}`;
  }
  if (source.slice(open.tok.end, bad.start).includes('?') && can(':') && exprDone()) return ', expecting :';
  if (/^(if|while|unroll)$/.test(prevWord(source, bad.start)) && can('(')) return ', expecting (';
  return '';
}

function prevWord(source: string, pos: number): string {
  const m = /([A-Za-z_][A-Za-z0-9_]*)\s*$/.exec(source.slice(Math.max(0, pos - 40), pos));
  return m ? m[1]! : '';
}
