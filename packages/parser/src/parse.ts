// parse(): the package's entry point. Total: any string gives { ast?, diagnostics }.
import type { Expr, Probe, Program, Stmt } from './ast.js';
import { error, hasErrors, type Diagnostic } from './diagnostic.js';
import { getGrammar } from './grammar.js';
import { LineMap } from './positions.js';
import { blankComments } from './comments.js';
import { compact } from './compact.js';
import { buildNode, buildProgram } from './semantics.js';
import { missingBrace, syntaxErrors } from './syntax-errors.js';
import { C_MAX_BRACES, cutPieces, regionText, type Region } from './pieces.js';
import { nestingError } from './nesting.js';
import { errorText, fastAccepts, fastParse } from './fast-parse.js';

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
    // At the start of the file: every diagnostic has a place (JSON and SARIF reports want one).
    result = { diagnostics: [error('parse/internal', `internal parser error: ${msg}`, new LineMap(String(source)).range(0, 0))] };
  }
  for (const d of result.diagnostics) d.file ??= file;
  return result;
}

function parseUnsafe(source: string): ParseResult {
  // The grammar is built (~5 ms) only when ohm is needed: not for a script the fast path takes.
  const lines = new LineMap(source);
  const { text, toSource } = compact(source);
  const cut = cutPieces(text);
  const failed = (pos: number): ParseResult =>
    ({ diagnostics: syntaxErrors(source, blankComments(source), pos, lines, getGrammar().grammar, useFastPath ? fastAccepts : undefined) });
  if (cut.cTooDeepAt !== undefined) {
    const at = toSource(cut.cTooDeepAt);
    return { diagnostics: [error('parse/c-nesting', `bracket nesting level exceeded maximum of ${C_MAX_BRACES}`, lines.range(at, at + 1))] };
  }
  let ast: Program;
  const diagnostics: Diagnostic[] = [];
  if (cut.regions) {
    const r = matchPieces(cut.regions, text, toSource, lines, diagnostics);
    if (typeof r === 'number') return failed(r);
    ast = r;
    // Literal errors were found piece by piece: put them back in source order.
    diagnostics.sort((a, b) => (a.range?.start.offset ?? 0) - (b.range?.start.offset ?? 0));
  } else {
    // A stray bracket in deep text: matching it whole would overflow; its place is the error.
    if (cut.unbalancedAt !== undefined && cut.maxDepth > WHOLE_DEPTH) return failed(toSource(cut.unbalancedAt));
    // Unbalanced, so an error: find it on a shorter text (fast-parse.ts) when there is one.
    const short = useFastPath && cut.unbalancedAt !== undefined ? errorText(text) : undefined;
    const shortMatch = short && getGrammar().grammar.match(short.text);
    if (short && shortMatch?.failed()) return failed(toSource(short.toWhole(shortMatch.getRightmostFailurePosition())));
    const fast = useFastPath && cut.unbalancedAt === undefined ? fastParse(text, 'Program', { lines, toSource }) as Program | undefined : undefined;
    if (fast) ast = fast;
    else {
      const { grammar, semantics } = getGrammar();
      const match = grammar.match(text);
      if (match.failed()) return failed(toSource(match.getRightmostFailurePosition()));
      ast = buildProgram(semantics, match, lines, diagnostics, toSource);
    }
  }
  if (ast.probes.length === 0 && source.length > 0) {
    // Like bpftrace: text with no probe (only blanks or C definitions) wants a `{`.
    const top = [...ast.preprocessor, ...ast.definitions].map((t) => t.range.end.offset);
    diagnostics.push(missingBrace(lines, Math.max(0, ...top)));
  }
  const deep = nestingError(ast);
  if (deep) diagnostics.push(deep);
  return hasErrors(diagnostics) ? { diagnostics } : { ast, diagnostics };
}

/** Off only in tests, which hold the fast path's ASTs to ohm's (test/fast-parse.test.ts). */
let useFastPath = true;
export function setFastPath(on: boolean): void {
  useFastPath = on;
}

/** Nesting up to which unbalanced text is still matched whole (for bison-like errors). */
const WHOLE_DEPTH = 64;

/**
 * Match each region apart (pieces.ts) and assemble the program; or the source offset of
 * the first syntax error (the earliest failure of any region).
 */
function matchPieces(regions: Region[], text: string, toSource: (o: number) => number, lines: LineMap, diagnostics: Diagnostic[]): Program | number {
  const holes = new Map<string, Expr | Stmt[]>();
  const tops: unknown[] = [];
  let fail: number | undefined;
  for (const r of regions) {
    const rt = regionText(text, r);
    const toSrc = (o: number) => toSource(rt.toWhole(o));
    // The fast path, where it is sure; else ohm (fast-parse.ts).
    const fast = useFastPath ? fastParse(rt.text, r.rule, { lines, toSource: toSrc, holes }) : undefined;
    if (fast !== undefined) {
      if (fail !== undefined) continue; // as below: after an error, build nothing more
      if (r.name) holes.set(r.name.replace(/;$/, ''), fast as Expr | Stmt[]);
      else tops.push(fast);
      continue;
    }
    const { grammar, semantics } = getGrammar();
    const match = grammar.match(rt.text, r.rule);
    if (match.failed()) {
      const at = toSrc(match.getRightmostFailurePosition());
      fail = fail === undefined ? at : Math.min(fail, at);
      continue;
    }
    if (fail !== undefined) continue; // only the first error is reported: build nothing more
    const node = buildNode(semantics, match, { lines, diagnostics, toSource: toSrc, holes });
    if (r.name) holes.set(r.name.replace(/;$/, ''), node as Expr | Stmt[]);
    else tops.push(node);
  }
  if (fail !== undefined) return fail;
  const program = tops[0] as Program;
  for (const more of tops.slice(1) as Probe[][]) program.probes.push(...more);
  const last = program.probes.at(-1);
  if (tops.length > 1 && last) program.range = { start: program.range.start, end: last.range.end };
  return program;
}
