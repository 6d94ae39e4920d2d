// The nesting limit. Every later stage (checker passes, codegen, the `-d ast` printer)
// walks the AST recursively, so an AST deeper than the stack allows would overflow
// there; parse() rejects it first, with the place where the limit is passed.
// Sources of depth: nested calls, sizeof, ternaries, if/while blocks, unary and cast
// prefixes, field and index chains, and left-associative chains (`1+1+...` is a
// left-deep tree). Parentheses alone add none.
import type { Node, Program } from './ast.js';
import { visit } from './visit.js';
import { error, type Diagnostic, type SourceRange } from './diagnostic.js';

/** Deepest AST accepted, in nodes from the probe down (documented in the README). */
export const MAX_NESTING = 500;

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
