// The nesting limit. The later stages walk the AST as steps on an explicit stack
// (steps.ts) or with the iterative visitor (visit.ts), so depth costs them no JS stack;
// the limit bounds their time and memory (and llc's, which grows faster than linearly
// with nested loops and chains of reads) and keeps `-d ast`'s indentation printable.
// parse() rejects a deeper AST, with the place where the limit is passed.
// Sources of depth: nested calls, sizeof, ternaries, if/while/unroll blocks, unary and
// cast prefixes, field and index chains, map keys, tuples, and left-associative chains
// (`1+1+...` is a left-deep tree). Parentheses alone add none.
import type { Node, Program } from './ast.js';
import { visit } from './visit.js';
import { error, type Diagnostic, type SourceRange } from './diagnostic.js';

/** Deepest AST accepted, in nodes from the probe down (documented in the README). */
export const MAX_NESTING = 5000;

/** The error for the first node (in source order) deeper than MAX_NESTING, if any. */
export function nestingError(program: Program): Diagnostic | undefined {
  let deep: Node | undefined;
  visit(program, { enter: (node, depth) => (depth > MAX_NESTING ? ((deep = node), 'stop') : undefined) });
  return deep && error('parse/nesting', `nesting too deep (limit ${MAX_NESTING})`, firstLine(deep.range));
}

/** A range cut to its first line, so that it prints with its `~~~` underline. */
function firstLine(r: SourceRange): SourceRange {
  if (r.start.line === r.end.line) return r;
  return { start: r.start, end: { line: r.start.line, column: r.start.column + 1, offset: r.start.offset + 1 } };
}
