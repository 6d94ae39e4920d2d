// A hand-written recognizer for the grammar (bpftrace.ohm), tried before ohm on each
// text ohm would match (the whole script, or each piece of a big one).
//
// Why: ohm applies and memoizes ~130 rules for a statement like `@a[1] = count();`
// (~120 µs, a third of it garbage collection), so a 100,000-statement script took 15 s.
// This is a plain recursive descent over the same compacted text, ~20x faster.
//
// It never decides anything ohm would decide differently: each function follows its
// rule's ordered choice, and wherever it is not sure (a syntax error, a literal error,
// C definitions) it gives up on the whole text (`undefined`) and ohm matches it as
// before, with its diagnostics. When it succeeds it builds the AST the semantics
// (semantics.ts) would build: same nodes, same key order, same ranges. The
// differential test (test/fast-parse.test.ts) holds the two to that.
import type * as A from './ast.js';
import type { LineMap } from './positions.js';
import type { SourceRange } from './diagnostic.js';
import { splitAttachPoint } from './attach-point.js';
import { isBuiltinName } from './builtins.js';
import { parseIntegerText } from './integers.js';
import { unescapeString } from './escapes.js';
import { blankComments } from './comments.js';
import { foldBinary } from './semantics.js';
import { regionText, type Region, type RegionText } from './pieces.js';

export type FastRule = 'Program' | 'ProbeList' | 'Stmts' | 'Expr';

export interface FastContext {
  lines: LineMap;
  /** Matched-text offset to source offset. */
  toSource: (offset: number) => number;
  /** ASTs of pieces matched apart, by placeholder (as in BuildContext). */
  holes?: Map<string, A.Expr | A.Stmt[]>;
}

/** The AST ohm's match of `rule` on `text` would give, or undefined when not sure. */
export function fastParse(text: string, rule: FastRule, ctx: FastContext): unknown {
  const p = new Parser(text, ctx);
  try {
    const node = rule === 'Program' ? p.program() : rule === 'ProbeList' ? p.probeList() : rule === 'Stmts' ? p.stmts() : p.expr();
    return p.next() === text.length ? node : undefined;
  } catch (e) {
    // Not sure (or a bug here): ohm decides.
    if (e !== GIVE_UP && !(e instanceof RangeError)) throw e;
    return undefined;
  }
}

/** True only where ohm surely matches `text` as a Program (syntax-errors.ts asks). */
export function fastAccepts(text: string): boolean {
  return fastParse(text, 'Program', { lines: NO_LINES, toSource: (o) => o }) !== undefined;
}

/**
 * For a script whose brackets do not balance (so ohm fails on it, and it is not cut into
 * pieces): a shorter text on which ohm fails at the same place, once mapped back with
 * `toWhole`; undefined when there is nothing to shorten. Without it ohm matched the whole
 * script to find its error: 20 s and 3.5 GB for 100,000 statements and one missing `}`.
 *
 * The probes before the one where this recognizer stops are dropped, and each run of
 * statements it parsed whole in the open blocks becomes one placeholder statement. ohm
 * would match those exactly as here, and no attempt inside them looks past their end
 * (a parsed `if` is never followed by `else`), so they record failures only before the
 * place where matching stops, which is what ohm reports: the rightmost failure.
 */
export function errorText(text: string): RegionText | undefined {
  const p = new Parser(text, { lines: NO_LINES, toSource: (o) => o });
  try {
    p.program();
    return undefined; // parsed (with an unbalanced text this does not happen): nothing to say
  } catch (e) {
    if (e !== GIVE_UP && !(e instanceof RangeError)) throw e;
  }
  if (p.firstProbe === undefined || p.probeStart === undefined) return undefined;
  const holes: Region[] = [];
  if (p.probeStart > p.firstProbe) holes.push({ rule: 'ProbeList', name: '', start: p.firstProbe, end: p.probeStart, holes: [] });
  let prefix = '__piece';
  while (text.includes(prefix)) prefix += '_';
  for (let k = 0; k < p.done.length; ) {
    let m = k;
    while (m + 1 < p.done.length && p.done[m + 1]!.list === p.done[k]!.list) m++;
    holes.push({ rule: 'Stmts', name: `${prefix};`, start: p.done[k]!.start, end: p.done[m]!.end, holes: [] });
    k = m + 1;
  }
  if (!holes.length) return undefined;
  return regionText(text, { rule: 'Program', start: 0, end: text.length, holes });
}

/** Positions are not needed to find where matching stops. */
const NOWHERE = { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: 1, offset: 0 } };
const NO_LINES = { range: () => NOWHERE, source: '' } as unknown as LineMap;

/** Thrown (one shared object, no stack) to hand the text to ohm. */
const GIVE_UP = { giveUp: true };
function giveUp(): never {
  throw GIVE_UP;
}

const KEYWORDS = new Set(['if', 'else', 'unroll', 'while', 'break', 'continue', 'return', 'sizeof', 'offsetof']);
const JUMPS = new Set(['break', 'continue', 'return']);
const INT_TYPES = new Set(['uint8', 'uint16', 'uint32', 'uint64', 'int8', 'int16', 'int32', 'int64', 'bool']);
const C_TAGS = new Set(['struct', 'union', 'enum']);
// `ident`'s characters; `space` is every code up to ' '.
const isIdentStart = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95;
const isDigit = (c: number) => c >= 48 && c <= 57;
const isIdentChar = (c: number) => isIdentStart(c) || isDigit(c);
const isHexDigit = (c: number) => isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70);
// apWord / apPath exclusions: blanks and , { } : " ; (apWord also / ( )).
const AP_STOP = new Set([44, 123, 125, 58, 34, 59]);
const isApPathChar = (c: number) => c > 32 && !AP_STOP.has(c); // NaN (the end) is not > 32
const isApWordChar = (c: number) => isApPathChar(c) && c !== 47 && c !== 40 && c !== 41;
/** First characters of a Unary (prefixes, Postfix, preIncDec, negInt). */
const UNARY_STARTS = new Set([...'(!~-*&+"$@'].map((ch) => ch.charCodeAt(0)));
const canStartUnary = (c: number) => isIdentChar(c) || UNARY_STARTS.has(c);

type Prefix = { start: number; cast?: A.TypeName; op?: A.UnaryOp };

/** A statement parsed whole, in the statement list `list` (for errorText). */
interface Done {
  start: number;
  end: number;
  list: number;
}

class Parser {
  i = 0;
  private readonly n: number;
  // Progress, for errorText: where the first probe and the current one start, and the
  // outermost statements parsed whole in the current probe.
  firstProbe: number | undefined;
  probeStart: number | undefined;
  readonly done: Done[] = [];
  private lists = 0;

  constructor(private readonly t: string, private readonly ctx: FastContext) {
    this.n = t.length;
  }

  // ---------------------------------------------------------------- helpers

  private c(at: number): number {
    return this.t.charCodeAt(at);
  }

  /** Offset of the next non-blank character from `from` (default: the current one). */
  next(from = this.i): number {
    let i = from;
    while (i < this.n && this.t.charCodeAt(i) <= 32) i++;
    return i;
  }

  /** Skip blanks, then expect `ch`; consume it. */
  private expect(ch: string): void {
    const q = this.next();
    if (this.t[q] !== ch) giveUp();
    this.i = q + 1;
  }

  /** The identifier word at `at` ('' if none). */
  private word(at: number): string {
    if (!isIdentStart(this.c(at))) return '';
    let j = at + 1;
    while (isIdentChar(this.c(j))) j++;
    return this.t.slice(at, j);
  }

  private range(s: number, e: number): SourceRange {
    return this.ctx.lines.range(this.ctx.toSource(s), this.ctx.toSource(e));
  }

  // ---------------------------------------------------------------- probes

  program(): A.Program {
    const s = this.next();
    const preprocessor: A.Preprocessor[] = [];
    for (let q = s; this.t[q] === '#'; q = this.next()) {
      let j = q;
      while (j < this.n && this.t[j] !== '\n') j++;
      const text = this.ctx.lines.source.slice(this.ctx.toSource(q), this.ctx.toSource(j)).replace(/\s+$/, '');
      preprocessor.push({ kind: 'Preprocessor', text, range: this.range(q, j) });
      this.i = j;
    }
    // C definitions are left to ohm, and so is a script without probes.
    const q = this.next();
    if (q >= this.n || C_TAGS.has(this.word(q))) giveUp();
    const probes = this.probeList();
    // ohm's Program ends with the blanks after the last probe: at the end of the text.
    return { kind: 'Program', preprocessor, definitions: [], probes, range: this.range(s, this.n) };
  }

  probeList(): A.Probe[] {
    const probes: A.Probe[] = [];
    for (let q = this.next(); q < this.n; q = this.next()) {
      this.i = q;
      probes.push(this.probe());
    }
    return probes;
  }

  private probe(): A.Probe {
    const s = this.i;
    this.firstProbe ??= s;
    this.probeStart = s;
    this.done.length = 0;
    const attachPoints = [this.attachPoint()];
    for (;;) {
      const q = this.next();
      if (this.t[q] !== ',') break;
      this.i = q + 1; // a trailing comma is allowed
      const r = this.next();
      if (!isApWordChar(this.c(r))) break;
      this.i = r;
      attachPoints.push(this.attachPoint());
    }
    let predicate: A.Expr | undefined;
    const q = this.next();
    if (this.t[q] === '/') {
      this.i = q + 1;
      predicate = this.expr();
      this.expect('/');
    }
    const body = this.block();
    return { kind: 'Probe', attachPoints, predicate, body, range: this.range(s, this.i) };
  }

  private attachPoint(): A.AttachPoint {
    const t = this.t;
    const s = this.i;
    let j = s;
    while (isApWordChar(this.c(j))) j++;
    if (j === s) giveUp();
    while (t[j] === ':') {
      j++;
      const path = t.startsWith('/', j) ? 1 : t.startsWith('./', j) ? 2 : t.startsWith('../', j) ? 3 : 0;
      j += path;
      const ok = path ? isApPathChar : isApWordChar;
      for (;;) {
        if (ok(this.c(j))) while (ok(this.c(j))) j++;
        else if (t[j] === '"') {
          // apQuoted: up to the next quote, no escapes.
          const close = t.indexOf('"', j + 1);
          if (close < 0) giveUp();
          j = close + 1;
        } else break;
      }
    }
    this.i = j;
    const raw = t.slice(s, j);
    return { kind: 'AttachPoint', raw, ...splitAttachPoint(raw), range: this.range(s, j) };
  }

  // ---------------------------------------------------------------- statements

  private block(): A.Stmt[] {
    this.expect('{');
    const stmts = this.stmts();
    this.expect('}');
    return stmts;
  }

  stmts(): A.Stmt[] {
    const out: A.Stmt[] = [];
    const list = this.lists++;
    for (let q = this.next(); q < this.n && this.t[q] !== '}'; q = this.next()) {
      this.i = q;
      const item = this.stmtItem();
      // Statements inside this one (in its blocks) are now part of it.
      while (this.done.length && this.done.at(-1)!.start >= q) this.done.pop();
      this.done.push({ start: q, end: this.i, list });
      // A placeholder for a run of statements stands for an array of them.
      if (Array.isArray(item)) for (const s of item) out.push(s);
      else out.push(item);
    }
    return out;
  }

  private stmtItem(): A.Stmt | A.Stmt[] {
    const w = this.word(this.i);
    if (w === 'if') return this.ifStmt();
    if (w === 'unroll' || w === 'while') return this.loopStmt(w);
    const s = this.simpleStmt();
    const q = this.next();
    if (this.t[q] === ';') this.i = q + 1;
    else if (this.t[q] !== '}') giveUp(); // the last statement of a block may omit `;`
    return s;
  }

  private simpleStmt(): A.Stmt | A.Stmt[] {
    const s = this.i;
    const w = this.word(s);
    if (JUMPS.has(w)) {
      this.i = s + w.length;
      return { kind: 'Jump', which: w as A.Jump['which'], range: this.range(s, this.i) };
    }
    const c = this.t[s];
    if (c === '@') {
      const map = this.mapRef();
      const op = this.assignOp();
      if (op) {
        const value = this.expr();
        return { kind: 'AssignMap', map, op, value, range: this.range(s, this.i) };
      }
      this.i = s;
    } else if (c === '$') {
      const variable = this.variable();
      const op = variable && this.assignOp();
      if (op) {
        const value = this.expr();
        return { kind: 'AssignVar', variable: variable!, op, value, range: this.range(s, this.i) };
      }
      this.i = s;
    }
    const e = this.expr() as A.Expr | A.Stmt[];
    if (Array.isArray(e)) return e;
    return { kind: 'ExprStmt', expr: e, range: e.range };
  }

  private assignOp(): A.AssignOp | undefined {
    const q = this.next();
    const t = this.t;
    for (const op of ['<<=', '>>=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^='] as const) {
      if (t.startsWith(op, q)) {
        this.i = q + op.length;
        return op;
      }
    }
    if (t[q] === '=' && t[q + 1] !== '=') {
      this.i = q + 1;
      return '=';
    }
    return undefined;
  }

  private ifStmt(): A.Stmt {
    const s = this.i;
    this.i += 2;
    const cond = this.parenExpr();
    const then = this.block();
    const elseIfs: { kw: number; cond: A.Expr; then: A.Stmt[] }[] = [];
    let tail: A.Stmt[] | undefined;
    for (;;) {
      const q = this.next();
      if (this.word(q) !== 'else') break;
      const r = this.next(q + 4);
      if (this.word(r) === 'if') {
        this.i = r + 2;
        const c = this.parenExpr();
        elseIfs.push({ kw: r, cond: c, then: this.block() });
        continue;
      }
      this.i = q + 4;
      tail = this.block();
      break;
    }
    // As the semantics fold an `else if` chain: each If ends where the chain ends.
    const end = this.i;
    for (let k = elseIfs.length - 1; k >= 0; k--) {
      const e = elseIfs[k]!;
      tail = [{ kind: 'If', cond: e.cond, then: e.then, else: tail, range: this.range(e.kw, end) }];
    }
    return { kind: 'If', cond, then, else: tail, range: this.range(s, end) };
  }

  private loopStmt(w: 'unroll' | 'while'): A.Stmt {
    const s = this.i;
    this.i += w.length;
    const e = this.parenExpr();
    const body = this.block();
    const range = this.range(s, this.i);
    return w === 'unroll' ? { kind: 'Unroll', count: e, body, range } : { kind: 'While', cond: e, body, range };
  }

  private parenExpr(): A.Expr {
    this.expect('(');
    const e = this.expr();
    this.expect(')');
    return e;
  }

  // ---------------------------------------------------------------- expressions

  expr(): A.Expr {
    // Ternary = Binary TernaryArm*, folded from the right.
    const conds: A.Expr[] = [this.binary()];
    const thens: A.Expr[] = [];
    for (;;) {
      const q = this.next();
      if (this.t[q] !== '?') break;
      this.i = q + 1;
      thens.push(this.expr());
      this.expect(':');
      conds.push(this.binary());
    }
    let e = conds.pop()!;
    while (conds.length) {
      const cond = conds.pop()!;
      e = { kind: 'Ternary', cond, then: thens.pop()!, else: e, range: { start: cond.range.start, end: e.range.end } };
    }
    return e;
  }

  private binary(): A.Expr {
    const operands = [this.unary()];
    const ops: string[] = [];
    for (;;) {
      const q = this.next();
      const op = this.binOp(q);
      if (!op) break;
      // An operator not followed by an operand ends the expression (a predicate's `/`).
      const r = this.next(q + op.length);
      if (!canStartUnary(this.c(r))) break;
      this.i = r;
      ops.push(op);
      operands.push(this.unary());
    }
    return ops.length ? foldBinary(operands, ops) : operands[0]!;
  }

  /** grammar `binOp` at q, in its order. */
  private binOp(q: number): string | undefined {
    const t = this.t;
    const a = t[q];
    const b = t[q + 1];
    switch (a) {
      case '|': return b === '|' ? '||' : b === '=' ? undefined : '|';
      case '&': return b === '&' ? '&&' : b === '=' ? undefined : '&';
      case '=': return b === '=' ? '==' : undefined;
      case '!': return b === '=' ? '!=' : undefined;
      case '<': return b === '=' ? '<=' : b !== '<' ? '<' : t[q + 2] === '=' ? undefined : '<<';
      case '>': return b === '=' ? '>=' : b !== '>' ? '>' : t[q + 2] === '=' ? undefined : '>>';
      case '^': return b === '=' ? undefined : '^';
      case '+': case '-': return b === '=' || b === '+' || b === '-' ? undefined : a;
      case '*': case '/': case '%': return b === '=' ? undefined : a;
      default: return undefined;
    }
  }

  private unary(): A.Expr {
    this.i = this.next();
    const prefixes: Prefix[] = [];
    for (;;) {
      const q = this.next();
      if (this.t[q] === '(') {
        const cast = this.cast(q);
        if (!cast) break;
        prefixes.push({ start: q, cast });
        continue;
      }
      const op = this.unaryOp(q);
      if (!op) break;
      prefixes.push({ start: q, op });
      this.i = q + 1;
    }
    let e = this.unaryBase();
    const end = this.i;
    for (let k = prefixes.length - 1; k >= 0; k--) {
      const p = prefixes[k]!;
      const range = this.range(p.start, end);
      e = p.cast ? { kind: 'Cast', typeName: p.cast, expr: e, range } : { kind: 'Unary', op: p.op!, operand: e, postfix: false, range } as A.Expr;
    }
    return e;
  }

  /** `(TypeName)` at q: its type (consumed), or undefined (nothing consumed). */
  private cast(q: number): A.TypeName | undefined {
    const save = this.i;
    this.i = this.next(q + 1);
    const tn = this.typeName();
    const r = this.next();
    if (tn && this.t[r] === ')') {
      this.i = r + 1;
      return tn;
    }
    this.i = save;
    return undefined;
  }

  /** grammar `unaryOp` at q. */
  private unaryOp(q: number): A.UnaryOp | undefined {
    const t = this.t;
    switch (t[q]) {
      case '!': case '~': case '*': return t[q] as A.UnaryOp;
      case '&': return t[q + 1] === '&' ? undefined : '&';
      case '-': return t[q + 1] === '-' || isDigit(this.c(this.next(q + 1))) ? undefined : '-';
      default: return undefined;
    }
  }

  /** TypeName at the current offset (consumed), or undefined where the rule fails. */
  private typeName(): A.TypeName | undefined {
    const s = this.i;
    const w = this.word(s);
    if (!w) return undefined;
    let base = w;
    let end = s + w.length;
    if (C_TAGS.has(w)) {
      const r = this.next(end);
      const id = this.word(r);
      if (!id) giveUp();
      base = `${w} ${id}`;
      end = r + id.length;
    } else if (!INT_TYPES.has(w) && this.t[this.next(end)] !== '*') return undefined;
    let pointerDepth = 0;
    for (let r = this.next(end); this.t[r] === '*'; r = this.next(end)) {
      pointerDepth++;
      end = r + 1;
    }
    // ArraySuffix: `[4]`. When it does not match, the `[` is left (and the caller fails).
    let arrayLength: number | undefined;
    const q = this.next(end);
    if (this.t[q] === '[') {
      const r = this.next(q + 1);
      const d = this.decimalEnd(r);
      const close = this.next(d);
      if (d > r && this.t[close] === ']') {
        arrayLength = Number(this.t.slice(r, d).replace(/_/g, ''));
        end = close + 1;
      }
    }
    this.i = end;
    const tn: A.TypeName = { kind: 'TypeName', base, pointerDepth, range: this.range(s, end) };
    if (arrayLength !== undefined) tn.arrayLength = arrayLength;
    return tn;
  }

  /** End of grammar `decimal` at `at` (digits, `_`, an exponent), or `at` if none. */
  private decimalEnd(at: number): number {
    const t = this.t;
    let j = at;
    if (t[j] === '0') return j + 1;
    if (!isDigit(this.c(j))) return j;
    j++;
    while (isDigit(this.c(j)) || t[j] === '_') j++;
    if ((t[j] === 'e' || t[j] === 'E') && isDigit(this.c(j + 1))) {
      j += 2;
      while (isDigit(this.c(j))) j++;
    }
    return j;
  }

  private unaryBase(): A.Expr {
    const q = this.next();
    this.i = q;
    const t = this.t;
    const c = t[q];
    if (c === '+' || c === '-') {
      if (t[q + 1] === c) {
        // preIncDec: `++$x`, `--@m[k]`
        this.i = this.next(q + 2);
        const target = t[this.i] === '$' ? this.variable() : t[this.i] === '@' ? this.mapRef() : undefined;
        if (!target) giveUp();
        return { kind: 'Unary', op: (c + c) as A.UnaryOp, operand: target, postfix: false, range: this.range(q, this.i) };
      }
      if (c === '+') giveUp();
      // negInt: `-1`, `- 1` (the operator form was ruled out by unaryOp).
      this.i = this.next(q + 1);
      const lit = this.integer();
      const text = blankComments(this.ctx.lines.source.slice(this.ctx.toSource(q), this.ctx.toSource(this.i)));
      return { ...lit, value: -lit.value, text, range: this.range(q, this.i) };
    }
    return this.postfix();
  }

  private postfix(): A.Expr {
    const s = this.i;
    const t = this.t;
    let e: A.Expr | undefined;
    if (t[s] === '$' || t[s] === '@') {
      // Postfix_incDec, else the same variable or map starts the chain.
      e = t[s] === '$' ? this.variable() : this.mapRef();
      if (e) {
        const r = this.next();
        if ((t[r] === '+' || t[r] === '-') && t[r + 1] === t[r]) {
          this.i = r + 2;
          return { kind: 'Unary', op: (t[r]! + t[r]) as A.UnaryOp, operand: e, postfix: true, range: this.range(s, this.i) };
        }
      }
    }
    e ??= this.primary();
    for (;;) {
      const r = this.next();
      if (t[r] === '[') {
        this.i = r + 1;
        const index = this.expr();
        this.expect(']');
        e = { kind: 'ArrayAccess', expr: e, index, range: this.range(s, this.i) };
        continue;
      }
      const arrow = t[r] === '-' && t[r + 1] === '>';
      if (!arrow && t[r] !== '.') break;
      const f = this.next(r + (arrow ? 2 : 1));
      const j = this.fieldNameEnd(f);
      this.i = j;
      e = { kind: 'FieldAccess', expr: e, field: t.slice(f, j), arrow, range: this.range(s, j) };
    }
    return e;
  }

  private primary(): A.Expr {
    const s = this.next();
    this.i = s;
    const t = this.t;
    const c = this.c(s);
    if (isDigit(c)) return this.integer();
    if (c === 34) return this.string();
    if (c === 36 /* $ */) {
      if (t[s + 1] === '#') {
        this.i = s + 2;
        return { kind: 'PositionalCount', range: this.range(s, this.i) };
      }
      if (isDigit(this.c(s + 1))) {
        let j = s + 1;
        while (isDigit(this.c(j))) j++;
        this.i = j;
        return { kind: 'PositionalParam', index: Number(t.slice(s + 1, j)), range: this.range(s, j) };
      }
      return this.variable() ?? giveUp();
    }
    if (c === 64 /* @ */) return this.mapRef();
    if (c === 40 /* ( */) {
      this.i = s + 1;
      const first = this.expr();
      const r = this.next();
      if (t[r] === ')') {
        this.i = r + 1;
        return first;
      }
      if (t[r] !== ',') giveUp();
      const elems = [first];
      this.list(elems, ')', r);
      return { kind: 'Tuple', elems, range: this.range(s, this.i) };
    }
    const w = this.word(s);
    if (!w || KEYWORDS.has(w)) {
      if (w === 'sizeof') return this.sizeof(s);
      if (w === 'offsetof') return this.offsetof(s);
      giveUp();
    }
    const r = this.next(s + w.length);
    if (t[r] === '(') {
      const args: A.Expr[] = [];
      const q = this.next(r + 1);
      if (t[q] === ')') this.i = q + 1;
      else {
        this.i = r + 1;
        args.push(this.expr());
        this.list(args, ')');
      }
      return { kind: 'Call', name: w, args, range: this.range(s, this.i) };
    }
    this.i = s + w.length;
    const hole = this.ctx.holes?.get(w);
    if (hole) return hole as A.Expr;
    return { kind: isBuiltinName(w) ? 'Builtin' : 'Identifier', name: w, range: this.range(s, this.i) } as A.Expr;
  }

  /** `("," Expr)* close` after the first element; `at`: where the first `,` is, if known. */
  private list(out: A.Expr[], close: string, at = this.next()): void {
    let r = at;
    while (this.t[r] === ',') {
      this.i = r + 1;
      out.push(this.expr());
      r = this.next();
    }
    if (this.t[r] !== close) giveUp();
    this.i = r + 1;
  }

  private sizeof(s: number): A.Expr {
    this.i = s + 6;
    this.expect('(');
    const at = this.next();
    this.i = at;
    const tn = this.typeName();
    let arg: A.Expr | A.TypeName;
    if (tn && this.t[this.next()] === ')') arg = tn;
    else {
      this.i = at;
      const e = this.expr();
      arg = e.kind === 'Identifier' ? { kind: 'TypeName', base: e.name, pointerDepth: 0, range: e.range } : e;
    }
    this.expect(')');
    return { kind: 'Sizeof', arg, range: this.range(s, this.i) };
  }

  /** End of grammar `fieldName` (a word, or digits) at f; gives up on none. */
  private fieldNameEnd(f: number): number {
    let j = f;
    if (isIdentStart(this.c(j))) while (isIdentChar(this.c(j))) j++;
    else while (isDigit(this.c(j))) j++;
    if (j === f) giveUp();
    return j;
  }

  private offsetof(s: number): A.Expr {
    this.i = s + 8;
    this.expect('(');
    this.i = this.next();
    const typeName = this.typeName() ?? giveUp();
    this.expect(',');
    const fields: string[] = [];
    for (;;) {
      const f = this.next();
      this.i = this.fieldNameEnd(f);
      fields.push(this.t.slice(f, this.i));
      const q = this.next();
      if (this.t[q] !== '.') break;
      this.i = q + 1;
    }
    this.expect(')');
    return { kind: 'Offsetof', typeName, field: fields.join('.'), range: this.range(s, this.i) };
  }

  private mapRef(): A.MapRef {
    const s = this.i;
    let j = s + 1;
    while (isIdentChar(this.c(j))) j++;
    this.i = j;
    const keys: A.Expr[] = [];
    const r = this.next();
    if (this.t[r] === '[') {
      this.i = r + 1;
      keys.push(this.expr());
      this.list(keys, ']');
    }
    return { kind: 'Map', name: this.t.slice(s, j), keys, range: this.range(s, this.i) };
  }

  /** `$name` at the current offset (consumed), or undefined (`$1`, `$#`, `$`). */
  private variable(): A.Variable | undefined {
    const s = this.i;
    if (!isIdentStart(this.c(s + 1))) return undefined;
    let j = s + 2;
    while (isIdentChar(this.c(j))) j++;
    this.i = j;
    return { kind: 'Variable', name: this.t.slice(s, j), range: this.range(s, j) };
  }

  private integer(): A.IntegerLit {
    const s = this.i;
    const t = this.t;
    let j = s;
    if (!isDigit(this.c(j))) giveUp();
    if (t[j] === '0' && (t[j + 1] === 'x' || t[j + 1] === 'X') && isHexDigit(this.c(j + 2))) {
      j += 3;
      while (isHexDigit(this.c(j))) j++;
    } else if (t[j] === '0' && this.c(j + 1) >= 48 && this.c(j + 1) <= 55) {
      j += 2;
      while (this.c(j) >= 48 && this.c(j) <= 55) j++;
      if (isDigit(this.c(j))) giveUp(); // `0779`: not octal, and not decimal either
    } else if (t[j] === '0') j++;
    else {
      j++;
      while (isDigit(this.c(j)) || t[j] === '_') j++;
      if ((t[j] === 'e' || t[j] === 'E') && isDigit(this.c(j + 1))) {
        j += 2;
        while (isDigit(this.c(j))) j++;
      }
    }
    // intSuffix: u, ul, ull, l, ll, lu, llu in any case.
    const isU = (k: number) => t[k] === 'u' || t[k] === 'U';
    const isL = (k: number) => t[k] === 'l' || t[k] === 'L';
    if (isU(j)) {
      j++;
      if (isL(j)) j++;
      if (isL(j)) j++;
    } else if (isL(j)) {
      j++;
      if (isL(j)) j++;
      if (isU(j)) j++;
    }
    if (isIdentChar(this.c(j))) giveUp();
    this.i = j;
    const text = t.slice(s, j);
    const r = parseIntegerText(text);
    if ('error' in r) giveUp(); // ohm's path reports it
    return { kind: 'Integer', value: r.value, text, range: this.range(s, j) };
  }

  private string(): A.StringLit {
    const s = this.i;
    const t = this.t;
    let j = s + 1;
    while (j < this.n && t[j] !== '"' && t[j] !== '\n') j += t[j] === '\\' && j + 1 < this.n ? 2 : 1;
    if (t[j] !== '"') giveUp();
    this.i = j + 1;
    const r = unescapeString(t.slice(s + 1, j));
    if ('error' in r) giveUp();
    return { kind: 'String', value: r.value, range: this.range(s, this.i) };
  }
}
