// Cut the matched text into pieces that ohm matches one at a time.
//
// Why: ohm's recursive descent costs ~5 KB of JS stack per nesting level (one frame
// chain per precedence rule), so ~180 nested parentheses overflowed the stack; and its
// memo table holds every rule application of a match, ~30 KB per statement, until the
// match is dropped. So a bracket group's content that holds deep nesting, and runs of
// statements or probes in big scripts, are matched on their own ("pieces"); in the text
// around them each piece is replaced by a placeholder identifier (`name` or `name;`)
// whose AST the semantics substitute. Every match then sees at most ~MAX_HEIGHT nested
// groups and at most ~CHUNK characters of statements, whatever the script.
//
// Only balanced text is cut: on a stray or missing bracket nothing is cut and the whole
// text is matched as before (syntax errors are then worded as usual).

import { lastAtOrBefore } from './compact.js';

export type PieceRule = 'Expr' | 'Stmts' | 'ProbeList';

export interface Region {
  /** The grammar rule that matches this region. `Program` for the first top-level region. */
  rule: PieceRule | 'Program';
  /** Placeholder that stands for this region in its parent (unset for top-level regions). */
  name?: string;
  start: number;
  end: number;
  /** Directly nested pieces, in text order. */
  holes: Region[];
}

/** Matched text of a region: its holes replaced by their placeholders, with an offset map. */
export interface RegionText {
  text: string;
  /** Offset in `text` to offset in the whole matched text. */
  toWhole(offset: number): number;
}

/** Groups nested deeper than this (after cutting) are cut off into pieces. */
export const MAX_HEIGHT = 24;
/** Statement runs and probe runs are cut into pieces of about this many characters. */
export const CHUNK = 1024; // 2048 held twice the memory (ohm memo tables) for no speed

interface Group {
  open: string;
  start: number;
  /** Element (comma-separated part, or statement) currently being read. */
  elemStart: number;
  elemHeight: number;
  /** Finished elements: [start, end, height after cutting]. */
  elems: [number, number, number][];
  height: number;
}

const CLOSER: Record<string, string> = { '(': ')', '[': ']', '{': '}', '?': ':' };

export interface Cut {
  /** Regions to match, children before parents, top-level regions last; unset when nothing
   * needs cutting (small, shallow scripts) or the brackets do not balance. */
  regions?: Region[];
  /** Where the brackets stop balancing: a stray closer, or the end with groups open. */
  unbalancedAt?: number;
  /** The deepest group nesting seen (top-level predicates and attach points not counted). */
  maxDepth: number;
  /** The `{` of a C definition nested past C_MAX_BRACES (nothing is cut then). */
  cTooDeepAt?: number;
}

/**
 * Braces a C definition may nest: clang's default bracket depth (`-fbracket-depth`), past
 * which bpftrace's clang refuses the definitions too. The grammar matches them recursively.
 */
export const C_MAX_BRACES = 256;

export function cutPieces(text: string): Cut {
  let prefix = '__piece';
  while (text.includes(prefix)) prefix += '_';
  const pieces: Region[] = [];
  const orphans: Region[] = []; // pieces without a parent yet, in text order
  const cut = (rule: PieceRule, start: number, end: number, asStmt = false) => {
    // Orphans are disjoint and in text order; those inside [start, end) become holes.
    let k = orphans.length;
    while (k > 0 && orphans[k - 1]!.start >= start) k--;
    let m = k;
    while (m < orphans.length && orphans[m]!.end <= end) m++;
    const r: Region = { rule, name: prefix + pieces.length + (asStmt ? ';' : ''), start, end, holes: orphans.slice(k, m) };
    orphans.splice(k, m - k, r);
    pieces.push(r);
  };
  const probeEnds: number[] = [];
  const stack: Group[] = [];
  let cutAny = false;
  let maxDepth = 0;
  const n = text.length;
  let i = 0;
  let lineStart = true; // only blanks since the last newline (top level: `#` lines)
  while (i < n) {
    const c = text[i]!;
    if (c === '"') {
      i++;
      while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      i++;
      lineStart = false;
      continue;
    }
    if (c === '\n') lineStart = true;
    else if (c > ' ') lineStart = lineStart && c === '#';
    const top = stack.at(-1);
    if (!top) {
      // Top level: attach points, `#` lines and C definitions are matched whole; probe
      // bodies and the brackets of predicates open groups (a predicate may nest deep too).
      if (c === '#' && lineStart) {
        while (i < n && text[i] !== '\n') i++;
        continue;
      }
      if (isWordAt(text, i, 'struct') || isWordAt(text, i, 'union') || isWordAt(text, i, 'enum')) {
        const end = cDefinitionEnd(text, i);
        if (end < -1) return { cTooDeepAt: -2 - end, maxDepth };
        if (end < 0) return { unbalancedAt: text.length, maxDepth };
        i = end;
        continue;
      }
      if (c === '{' || c === '(' || c === '[') stack.push(group(c, i));
      i++;
      continue;
    }
    if (c === '(' || c === '[' || c === '{' || c === '?') {
      stack.push(group(c, i));
      maxDepth = Math.max(maxDepth, stack.length);
      i++;
      continue;
    }
    if (c === ')' || c === ']' || c === '}' || (c === ':' && top.open === '?')) {
      if (CLOSER[top.open] !== c) return { unbalancedAt: i, maxDepth }; // match the text whole
      stack.pop();
      endElem(top, i);
      const parent = stack.at(-1);
      // Cut: elements holding deep nesting (statements only where they end), then, in
      // big blocks, runs of statements.
      const stmts = top.open === '{';
      const ends = (s: number, e: number) => /[;}]$/.test(text.slice(s, e).trimEnd());
      const kept: [number, number, number][] = [];
      for (const [s, e, h] of top.elems) {
        if (h >= MAX_HEIGHT && (!stmts || ends(s, e))) {
          cut(stmts ? 'Stmts' : 'Expr', s, e, stmts);
          cutAny = true;
        } else kept.push([s, e, h]);
      }
      let from = top.start + 1;
      if (stmts && i - top.start > 2 * CHUNK) {
        for (const [, e] of top.elems) {
          if (e - from >= CHUNK && ends(from, e)) {
            cut('Stmts', from, e, true);
            cutAny = true;
            from = e;
          }
        }
      }
      let height = 0;
      for (const [s, , h] of kept) if (s >= from) height = Math.max(height, h);
      top.height = height + 1;
      i++;
      if (parent) {
        parent.elemHeight = Math.max(parent.elemHeight, top.height);
        if (parent.open === '{' && c === '}' && !/^\s*else\b/.test(text.slice(i, i + 12))) endElem(parent, i);
      } else if (c === '}') probeEnds.push(i);
      continue;
    }
    if (c === ',' && (top.open === '(' || top.open === '[')) endElem(top, i, i + 1);
    else if (c === ';' && top.open === '{') endElem(top, i + 1);
    i++;
  }
  if (stack.length) return { unbalancedAt: text.length, maxDepth };
  // Top level: runs of probes, each about CHUNK long; the first with what precedes the probes.
  const tops: Region[] = [];
  if (n > 2 * CHUNK) {
    let from = 0;
    for (const e of probeEnds) {
      if (e - from >= CHUNK) {
        tops.push({ rule: from === 0 ? 'Program' : 'ProbeList', start: from, end: e, holes: [] });
        from = e;
      }
    }
    tops.push({ rule: from === 0 ? 'Program' : 'ProbeList', start: from, end: n, holes: [] });
  } else if (!cutAny) return { maxDepth };
  else tops.push({ rule: 'Program', start: 0, end: n, holes: [] });
  for (const t of tops) {
    let k = 0;
    while (k < orphans.length && orphans[k]!.start < t.start) k++;
    let m = k;
    while (m < orphans.length && orphans[m]!.end <= t.end) m++;
    t.holes = orphans.slice(k, m);
  }
  return { regions: [...pieces, ...tops], maxDepth };
}

function group(open: string, start: number): Group {
  return { open, start, elemStart: start + 1, elemHeight: 0, elems: [], height: 0 };
}

/** Close the element being read at `end`; the next one starts at `next`. */
function endElem(g: Group, end: number, next = end): void {
  if (end > g.elemStart) g.elems.push([g.elemStart, end, g.elemHeight]);
  g.elemStart = next;
  g.elemHeight = 0;
}

function isWordAt(text: string, i: number, word: string): boolean {
  return text.startsWith(word, i) && !/[A-Za-z0-9_]/.test(text[i - 1] ?? '') && !/[A-Za-z0-9_]/.test(text[i + word.length] ?? '');
}

/** End of a top-level `struct x { ... };` definition (balanced braces); -1 when its braces
 * do not close; -2 - j when the brace at j nests deeper than C_MAX_BRACES. */
function cDefinitionEnd(text: string, i: number): number {
  const open = text.indexOf('{', i);
  if (open < 0) return text.length;
  let depth = 0;
  for (let j = open; j < text.length; j++) {
    if (text[j] === '{') {
      if (++depth > C_MAX_BRACES) return -2 - j;
    } else if (text[j] === '}' && --depth === 0) return j + 1;
  }
  return -1;
}

/** The text ohm matches for a region, and its offsets in the whole text. */
export function regionText(text: string, r: Region): RegionText {
  const tAt: number[] = [0];
  const wAt: number[] = [r.start];
  let out = '';
  let last = r.start;
  for (const h of r.holes) {
    out += text.slice(last, h.start);
    tAt.push(out.length);
    wAt.push(h.start);
    out += h.name!;
    tAt.push(out.length);
    wAt.push(h.end);
    last = h.end;
  }
  out += text.slice(last, r.end);
  return {
    text: out,
    toWhole: (t) => {
      const lo = lastAtOrBefore(tAt, t);
      // Inside a placeholder: clamp to the piece it stands for.
      const next = lo + 1 < wAt.length ? wAt[lo + 1]! : r.end;
      return Math.min(wAt[lo]! + (t - tAt[lo]!), Math.max(next, wAt[lo]!));
    },
  };
}
