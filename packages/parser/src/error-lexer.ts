// A small tokenizer used only to describe syntax errors the way bpftrace's bison
// parser does ("unexpected variable", "unexpected end of file"). It never fails.
import { isBuiltinName, STACK_MODES } from './builtins.js';

export interface Token {
  /** bison's name for the token, as bpftrace prints it. */
  name: string;
  start: number;
  end: number;
  /** Set for a lexical error (unterminated string or comment). */
  lexError?: string;
}

const KEYWORDS = new Set(['if', 'else', 'unroll', 'while', 'for', 'return', 'continue', 'break', 'sizeof', 'offsetof', 'struct', 'union', 'enum']);

// Functions bpftrace 0.17 lexes as `call`; kstack/ustack are `call_builtin`.
const CALLS = new Set([
  'avg', 'buf', 'cat', 'cgroupid', 'clear', 'count', 'delete', 'exit', 'hist', 'join', 'kaddr',
  'kptr', 'ksym', 'lhist', 'macaddr', 'max', 'min', 'ntop', 'override', 'print', 'printf',
  'cgroup_path', 'reg', 'signal', 'sizeof', 'stats', 'str', 'strftime', 'strncmp', 'sum',
  'system', 'time', 'uaddr', 'uptr', 'usym', 'zero', 'path', 'unwatch', 'bswap', 'skboutput',
  'strerror', 'buf', 'strcontains', 'pton', 'debugf', 'percpu_kaddr', 'offsetof',
]);
const CALL_BUILTINS = new Set(['kstack', 'ustack']);
const INT_TYPES = /^u?int(8|16|32|64)$/;

// Longest first, so `<<=` wins over `<<` and `<`.
const PUNCT = [
  '<<=', '>>=', '...', '->', '++', '--', '==', '!=', '<=', '>=', '<<', '>>', '&&', '||', '+=', '-=',
  '*=', '/=', '%=', '&=', '|=', '^=', '{', '}', '[', ']', '(', ')', ';', ':', ',', '?', '=', '<',
  '>', '+', '-', '*', '/', '%', '&', '|', '^', '!', '~', '.', '#', '@', '$',
];

function wordName(word: string): string {
  if (word === 'struct' || word === 'union' || word === 'enum') return word;
  if (KEYWORDS.has(word)) return word;
  if (STACK_MODES.has(word)) return 'stack_mode';
  if (CALL_BUILTINS.has(word)) return 'call_builtin';
  if (CALLS.has(word)) return 'call';
  if (INT_TYPES.test(word)) return 'integer type';
  if (isBuiltinName(word)) return 'builtin';
  return 'identifier';
}

/** The token starting at or after `pos` (after whitespace and comments). */
export function tokenAt(src: string, pos: number): Token {
  let i = pos;
  for (;;) {
    while (i < src.length && /\s/.test(src[i]!)) i++;
    if (src.startsWith('//', i)) {
      while (i < src.length && src[i] !== '\n') i++;
      continue;
    }
    if (src.startsWith('/*', i)) {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) return { name: 'end of file', start: i, end: src.length, lexError: 'end of file during comment' };
      i = close + 2;
      continue;
    }
    break;
  }
  if (i >= src.length) return { name: 'end of file', start: src.length, end: src.length };
  const rest = src.slice(i);
  let m: RegExpExecArray | null;
  if (rest[0] === '"') {
    for (let j = 1; j < rest.length; j++) {
      if (rest[j] === '\\') j++;
      else if (rest[j] === '"') return { name: 'string', start: i, end: i + j + 1 };
      else if (rest[j] === '\n') return { name: 'end of file', start: i, end: i + j, lexError: 'unterminated string' };
    }
    return { name: 'end of file', start: i, end: src.length, lexError: 'unterminated string' };
  }
  // A number ends where its digits end: bison then sees `1s` as integer + identifier.
  if ((m = /^(0[xX][0-9a-fA-F]+|[0-9][0-9_]*([eE][0-9]+)?)([uU]?[lL]{1,2}|[lL]{1,2}[uU]|[uU])?/.exec(rest))) {
    return { name: 'integer', start: i, end: i + m[0].length };
  }
  if ((m = /^\$[0-9]+/.exec(rest))) return { name: 'positional parameter', start: i, end: i + m[0].length };
  if (rest.startsWith('$#')) return { name: '$#', start: i, end: i + 2 };
  if ((m = /^\$[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) return { name: 'variable', start: i, end: i + m[0].length };
  if ((m = /^@[A-Za-z0-9_]*/.exec(rest))) return { name: 'map', start: i, end: i + m[0].length };
  if ((m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest))) return { name: wordName(m[0]), start: i, end: i + m[0].length };
  for (const p of PUNCT) {
    if (rest.startsWith(p)) return { name: p, start: i, end: i + p.length };
  }
  const ch = String.fromCodePoint(rest.codePointAt(0)!);
  return { name: ch, start: i, end: i + ch.length };
}

/** All tokens from the start of `src` (used to find the token around an offset). */
export function* tokens(src: string): Generator<Token> {
  let pos = 0;
  for (;;) {
    const t = tokenAt(src, pos);
    yield t;
    if (t.name === 'end of file' || t.end <= pos) return;
    pos = t.end;
  }
}
