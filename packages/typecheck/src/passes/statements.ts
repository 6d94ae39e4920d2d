// Statements: assignments (maps typed by first use, variables declared by first
// assignment), conditions, loops and jumps.
import { run, sub, visit, type Unroll, type Stmt, type SizedType, type AssignVar, type AssignMap, type Expr, type Step } from '@bpftrace-ts/parser';
import type { Context } from './context.js';
import { checked, checkedAll, arithType } from './expressions.js';
import { checkCallS, aggregationOf, constInt } from './calls.js';
import { assignMap } from './maps.js';
import { isVoidFunction } from '../tables/functions.js';
import { compatible, sameType, typeName, kindName, isIntLike, I64, U64 } from '../sized.js';

export function checkStmts(ctx: Context, stmts: readonly Stmt[]): void {
  run(stmtsS(ctx, stmts));
}

/** checkStmts as a step (steps.ts): nested blocks do not deepen the JS stack. */
function* stmtsS(ctx: Context, stmts: readonly Stmt[]): Step<void> {
  for (const s of stmts) yield* sub(checkStmt(ctx, s));
}

/** A condition (if/while/predicate) must be an integer or pointer. */
export function checkCondition(ctx: Context, cond: Expr, what: 'if' | 'while' | 'predicate', range = cond.range): void {
  run(conditionS(ctx, cond, what, range));
}

function* conditionS(ctx: Context, cond: Expr, what: 'if' | 'while' | 'predicate', range = cond.range): Step<void> {
  const t = yield* checked(ctx, cond);
  if (t.tag === 'none' || isIntLike(t)) return;
  const msg = what === 'predicate' ? `Invalid type for predicate: ${kindName(t)}` : `Invalid condition in ${what}(): ${kindName(t)}`;
  ctx.error('type/bad-condition', msg, range);
}

function* checkStmt(ctx: Context, s: Stmt): Step<void> {
  switch (s.kind) {
    case 'ExprStmt':
      yield* checked(ctx, s.expr);
      return;
    case 'AssignMap': return yield* assignMapStmt(ctx, s);
    case 'AssignVar': return yield* assignVarStmt(ctx, s);
    case 'If':
      yield* conditionS(ctx, s.cond, 'if');
      yield* stmtsS(ctx, s.then);
      if (s.else) yield* stmtsS(ctx, s.else);
      return;
    case 'While':
      yield* conditionS(ctx, s.cond, 'while');
      ctx.loopDepth++;
      yield* stmtsS(ctx, s.body);
      ctx.loopDepth--;
      return;
    case 'Unroll': {
      yield* checked(ctx, s.count);
      const n = constInt(ctx, s.count);
      // bpftrace's range is `unroll(N)`: from the keyword to just past the ')'.
      const c = s.count.range.end;
      const r = { start: s.range.start, end: { ...c, column: c.column + 1, offset: c.offset + 1 } };
      if (n === undefined) ctx.error('type/unroll', 'unroll count must be a constant integer', r);
      else if (n > 100n) ctx.error('type/unroll', 'unroll maximum value is 100', r);
      else if (n < 1n) ctx.error('type/unroll', 'unroll minimum value is 1', r);
      else s.times = Number(n);
      yield* stmtsS(ctx, s.body);
      unrolledSize(ctx, s, r);
      return;
    }
    case 'Jump':
      if (s.which !== 'return' && ctx.loopDepth === 0) ctx.error('type/jump', `${s.which} used outside of a loop`, s.range);
      return;
  }
}

/**
 * The most AST nodes one unroll may expand to (its body times its count, nested unrolls
 * expanded). Nested unrolls multiply: `unroll(2)` thirty deep is a billion copies, which
 * no BPF program can hold (a million instructions at most) and which would exhaust the
 * code generator's memory first. 100 copies of a 1,000-node body fit.
 */
export const MAX_UNROLLED_NODES = 100_000;

/** Expanded size of each checked unroll, for the unrolls around it. */
const unrolled = new WeakMap<Unroll, number>();

/** Record `s`'s expanded size, or report it too large (once, at the innermost such unroll). */
function unrolledSize(ctx: Context, s: Unroll, range: Expr['range']): void {
  let nodes = 0;
  visit(s.body, {
    enter: (n) => {
      if (n.kind !== 'Unroll') return void nodes++;
      nodes += unrolled.get(n) ?? 1;
      return 'skip';
    },
  });
  const size = 1 + (s.times ?? 1) * nodes;
  if (size > MAX_UNROLLED_NODES) {
    ctx.error('type/unroll', `unroll expands to ${size} AST nodes, over the limit of ${MAX_UNROLLED_NODES} (nested unrolls multiply)`, range);
    s.times = undefined;
  }
  unrolled.set(s, size > MAX_UNROLLED_NODES ? 1 : size);
}

/** Type of `x op= v` given x's and v's types (no mismatch error: bpftrace reports the assignment). */
function compoundType(cur: SizedType | undefined, v: SizedType): SizedType {
  if (cur && isIntLike(cur) && isIntLike(v)) return arithType(cur, v);
  return U64;
}

function* assignMapStmt(ctx: Context, s: AssignMap): Step<void> {
  const m = s.map;
  let value: SizedType;
  let agg;
  if (s.op === '=' && s.value.kind === 'Call') {
    value = yield* checkCallS(ctx, s.value, true);
    s.value.type = value;
    agg = aggregationOf(ctx, s.value);
  } else {
    value = yield* checked(ctx, s.value);
  }
  const keys = yield* checkedAll(ctx, m.keys);
  if (s.op !== '=') {
    const cur = ctx.mapInfo(m.name)?.value;
    // Pointers move by whole elements (`@p += 1`), as in C and bpftrace.
    if (cur && cur.tag !== 'int' && cur.tag !== 'pointer' && cur.tag !== 'none') {
      ctx.error('type/bad-operand', `Type mismatch for ${m.name}: compound assignment on a value of type '${typeName(cur)}'`, m.range);
      return;
    }
    value = compoundType(cur ?? I64, value);
  }
  if (value.tag === 'none' && s.value.kind === 'Call' && !agg && s.value.type?.tag === 'none' && isVoidFunction(s.value.name)) {
    ctx.error('type/void-value', `${s.value.name}() has no value to assign`, s.value.range);
  }
  assignMap(ctx, m, keys, value, agg);
}

function* assignVarStmt(ctx: Context, s: AssignVar): Step<void> {
  const name = s.variable.name;
  let value = yield* checked(ctx, s.value);
  const cur = ctx.vars.get(name);
  if (s.op !== '=') {
    if (!cur) {
      ctx.error('type/undefined-variable', `Undefined or undeclared variable: ${name}`, s.variable.range);
      return;
    }
    value = compoundType(cur, value);
  }
  s.variable.type = cur ?? value;
  if (value.tag === 'none') {
    if (!cur) ctx.poisoned.add(name);
    return;
  }
  if (!cur) {
    ctx.vars.set(name, value);
    s.variable.type = value;
    return;
  }
  if (cur.tag === 'tuple' && value.tag === 'tuple') {
    if (!sameType(cur, value)) ctx.error('type/tuple-mismatch', `Tuple type mismatch: ${typeName(cur)} != ${typeName(value)}.`, s.variable.range);
    return;
  }
  if (!compatible(cur, value)) {
    ctx.error('type/variable-mismatch',
      `Type mismatch for ${name}: trying to assign value of type '${typeName(value)}' when variable already contains a value of type '${typeName(cur)}'`,
      s.variable.range);
    return;
  }
  if (cur.tag === 'string' && value.tag === 'string' && value.size > cur.size) {
    ctx.vars.set(name, value);
    s.variable.type = value;
  }
}
