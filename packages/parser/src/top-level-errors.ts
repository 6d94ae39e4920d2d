// Syntax errors outside any probe body, worded as bpftrace 0.17 words them. There its
// lexer reads attach points as free text (`kprobe:f 123` is all attach point), so what
// matters is where that text stops:
//   - at the end of the file: "unexpected end of file, expected {" from the probe start;
//   - at a character attach points never contain (`@x`, `$x`, `;`, `(`, `=`, `-` before
//     any `:`, ...): "syntax error, unexpected X, expecting {" at that token;
//   - at `{` with no attach point before it: "No attach points for probe" (no location,
//     which bpftrace prints as 1:1-1);
//   - at a body `{` or a predicate `/`: not ours; undefined lets syntax-errors.ts go on.
import { error, type Diagnostic } from './diagnostic.js';
import type { LineMap } from './positions.js';
import { tokenAt } from './error-lexer.js';

const SYNTAX = 'parse/syntax';
const AP_CHAR = /[A-Za-z0-9_:+.*[\]]/;
const BLANK = /\s/;

/**
 * Scan top-level text from `from` (the end of the last complete probe or definition).
 * `text` is `source` with comments blanked (same offsets).
 */
export function topLevelError(source: string, text: string, from: number, lines: LineMap): Diagnostic[] | undefined {
  const out: Diagnostic[] = [];
  const unexpected = (name: string, start: number, end: number) =>
    error(SYNTAX, `syntax error, unexpected ${name}, expecting {`, lines.range(blankStart(source, start), end));
  let i = from;
  let seen = false; // some attach-point text since `from`
  let colon = false; // a `:` in the current blank-free run: `-` and `/` paths allowed
  let path = false; // inside a `/path` segment
  while (i < text.length) {
    const c = text[i]!;
    if (BLANK.test(c) || c === ',') {
      colon = path = false;
      i++;
      continue;
    }
    if (c === '#' && !seen) {
      // A preprocessor line before the probes.
      while (i < text.length && text[i] !== '\n') i++;
      from = i;
      continue;
    }
    if (c === '{') {
      if (!seen) return [error(SYNTAX, 'No attach points for probe', lines.range(0, 0))];
      return out.length ? out : undefined;
    }
    if (c === '/') {
      const prev = text[i - 1] ?? '';
      if (!(path || (colon && (prev === ':' || prev === '.')))) return out.length ? out : undefined; // a predicate
      path = true;
      i++;
      continue;
    }
    if (c === '"') {
      const close = text.indexOf('"', i + 1);
      const nl = text.indexOf('\n', i + 1);
      if (close < 0 || (nl >= 0 && nl < close)) return out.length ? out : undefined; // the lexer reports it
      seen = true;
      i = close + 1;
      continue;
    }
    if (c === '$') {
      const t = tokenAt(source, i);
      if (t.name === 'positional parameter') {
        seen = true;
        i = t.end;
        continue;
      }
      if (t.name === '$#') return [...out, error(SYNTAX, 'Not a positional parameter', lines.range(blankStart(source, i), t.end))];
      if (t.name === 'variable') return [...out, unexpected('variable', i, t.end)];
      out.push(invalid(source, lines, c, i));
      i++;
      continue;
    }
    if (c === '\\' || c === "'" || c === '`') {
      out.push(invalid(source, lines, c, i));
      i++;
      continue;
    }
    if (AP_CHAR.test(c) || (c === '-' && colon)) {
      if (c === ':') {
        colon = true;
        path = false;
      }
      seen = true;
      i++;
      continue;
    }
    if (c === '#') {
      // bison's preprocessor-directive token runs to the end of the line.
      const nl = text.indexOf('\n', i);
      return [...out, unexpected('preprocessor directive', i, nl < 0 ? text.length : nl)];
    }
    const t = tokenAt(source, i);
    return [...out, unexpected(t.name, t.start, Math.max(t.end, t.start + 1))];
  }
  return [...out, error(SYNTAX, 'unexpected end of file, expected {', lines.range(from, lines.source.length))];
}

function invalid(source: string, lines: LineMap, c: string, i: number): Diagnostic {
  return error('parse/lex', `invalid character '${c}'`, lines.range(blankStart(source, i), i + 1));
}

/** Start of the run of non-blank text that ends at `pos` (bpftrace 0.17's location quirk). */
function blankStart(source: string, pos: number): number {
  let i = pos;
  while (i > 0 && !BLANK.test(source[i - 1]!)) i--;
  return i;
}
