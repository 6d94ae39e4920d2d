// parse(): the package's entry point. Total: any string gives { ast?, diagnostics }.
import type { Program } from './ast.js';
import { error, hasErrors, type Diagnostic } from './diagnostic.js';
import { getGrammar } from './grammar.js';
import { LineMap } from './positions.js';
import { blankComments } from './comments.js';
import { compact } from './compact.js';
import { buildProgram } from './semantics.js';
import { missingBrace, syntaxErrors } from './syntax-errors.js';

export interface ParseOptions {
  /** File name put on diagnostics; bpftrace uses "stdin" for -e. */
  file?: string;
}

export interface ParseResult {
  /** Present when there are no errors. */
  ast?: Program;
  diagnostics: Diagnostic[];
}

export function parse(source: string, opts: ParseOptions = {}): ParseResult {
  // Misuse by a caller is a TypeError at the call; only the script's content gets diagnostics.
  if (typeof source !== 'string') throw new TypeError(`parse: source must be a string, got ${source === null ? 'null' : typeof source}`);
  if (opts === null || typeof opts !== 'object') throw new TypeError(`parse: options must be an object, got ${opts === null ? 'null' : typeof opts}`);
  if (opts.file !== undefined && typeof opts.file !== 'string') throw new TypeError(`parse: options.file must be a string, got ${typeof opts.file}`);
  const file = opts.file ?? 'stdin';
  let result: ParseResult;
  try {
    result = parseUnsafe(String(source));
  } catch (e) {
    // Never let an internal failure escape: it becomes a diagnostic.
    const msg = e instanceof Error ? e.message : String(e);
    result = { diagnostics: [error('parse/internal', `internal parser error: ${msg}`)] };
  }
  for (const d of result.diagnostics) d.file ??= file;
  return result;
}

function parseUnsafe(source: string): ParseResult {
  const { grammar, semantics } = getGrammar();
  const lines = new LineMap(source);
  const { text, toSource } = compact(source);
  const match = grammar.match(text);
  if (match.failed()) {
    const failPos = toSource(match.getRightmostFailurePosition());
    return { diagnostics: syntaxErrors(source, blankComments(source), failPos, lines, grammar) };
  }
  const diagnostics: Diagnostic[] = [];
  const ast = buildProgram(semantics, match, lines, diagnostics, toSource);
  if (ast.probes.length === 0 && source.length > 0) {
    // Like bpftrace: text with no probe (only blanks or C definitions) wants a `{`.
    const top = [...ast.preprocessor, ...ast.definitions].map((t) => t.range.end.offset);
    diagnostics.push(missingBrace(lines, Math.max(0, ...top)));
  }
  return hasErrors(diagnostics) ? { diagnostics } : { ast, diagnostics };
}
