// What the grammar matches: the script with comments removed and each run of blanks
// (comments included) shortened, plus a map back to source offsets.
//
// Why: ohm applies (and memoizes) a rule for every blank it skips, so indentation and
// comment headers made up most of the matching time; tools match ~4x faster compacted.
// A run becomes " " if it has no newline, else " \n" (blank before the first newline
// only if the source had one), so the grammar still sees line ends (`#define` lines)
// and a node ending at a line end maps to the same source offset as before. String
// literals are kept verbatim. An unterminated `/*` is kept, for the grammar to reject.

export interface Compacted {
  /** The text to match. */
  text: string;
  /** Offset in `text` (0..text.length) to offset in the source. Monotonic. */
  toSource(offset: number): number;
}

export function compact(src: string): Compacted {
  // Segments: text offset tAt[k] corresponds to source offset sAt[k]; offsets between
  // segment starts advance together.
  const tAt: number[] = [0];
  const sAt: number[] = [0];
  let out = '';
  let last = 0; // source offset copied up to
  const emit = (c: string, from: number, to: number) => {
    // `c` replaces source[from, to); the next text offset maps to `to`.
    out += src.slice(last, from);
    if (c) {
      mark(out.length, from);
      out += c;
    }
    mark(out.length, to);
    last = to;
  };
  const mark = (t: number, s: number) => {
    const k = tAt.length - 1;
    if (s - t === sAt[k]! - tAt[k]!) return; // same shift: nothing to record
    if (tAt[k] === t) sAt[k] = s;
    else {
      tAt.push(t);
      sAt.push(s);
    }
  };

  let i = 0;
  const n = src.length;
  while (i < n) {
    const c = src.charCodeAt(i);
    if (c === 34 /* " */) {
      // A string literal: up to its quote or the end of the line.
      i++;
      while (i < n && src.charCodeAt(i) !== 34 && src.charCodeAt(i) !== 10) i += src.charCodeAt(i) === 92 ? 2 : 1;
      i++;
      continue;
    }
    if (!isBlankOrComment(src, i)) {
      i++;
      continue;
    }
    // A run of blanks and comments.
    const start = i;
    let firstNl = -1;
    let unterminated = false;
    while (i < n) {
      const d = src.charCodeAt(i);
      if (d === 47 /* / */ && src.charCodeAt(i + 1) === 47) {
        while (i < n && src.charCodeAt(i) !== 10) i++;
      } else if (d === 47 && src.charCodeAt(i + 1) === 42 /* * */) {
        const close = src.indexOf('*/', i + 2);
        if (close < 0) {
          unterminated = true;
          break;
        }
        const nl = src.indexOf('\n', i);
        if (firstNl < 0 && nl >= 0 && nl < close) firstNl = nl;
        i = close + 2;
      } else if (isBlank(d)) {
        if (d === 10 && firstNl < 0) firstNl = i;
        i++;
      } else break;
    }
    if (i - start > 1) {
      if (firstNl < 0) emit(' ', start, i);
      else {
        if (firstNl > start) emit(' ', start, firstNl);
        emit('\n', firstNl, i);
      }
    }
    if (unterminated) break;
  }
  out += src.slice(last);
  mark(out.length, n);
  return { text: out, toSource: (t) => toSource(tAt, sAt, t) };
}

function toSource(tAt: number[], sAt: number[], t: number): number {
  const lo = lastAtOrBefore(tAt, t);
  return sAt[lo]! + (t - tAt[lo]!);
}

/** Index of the last entry of the ascending `at` that is <= t (0 if none). */
export function lastAtOrBefore(at: readonly number[], t: number): number {
  let lo = 0;
  let hi = at.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (at[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// The blanks ohm's `space` skips: "\x00".." " (every control character, and space).
function isBlank(c: number): boolean {
  return c <= 32;
}

function isBlankOrComment(src: string, i: number): boolean {
  const c = src.charCodeAt(i);
  if (isBlank(c)) return true;
  return c === 47 && (src.charCodeAt(i + 1) === 47 || src.charCodeAt(i + 1) === 42);
}
