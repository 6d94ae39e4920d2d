// Statements: assignments to maps and variables and control flow; the
// statement-level functions are in async.ts.

import { addrSpaceOf } from './addrspace.js';
import { sizeOf } from '@bpftrace-ts/typecheck';
import { run, sub, type AssignOp, type BinaryOp, type Call, type Expr, type MapRef, type Stmt, type Step, type Unary, type Variable } from '@bpftrace-ts/parser';
import type { ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { genCallStmt } from './async.js';
import { gen, genCondS, genIntoS, layoutOfExpr, setIncDec, typeOf } from './expressions.js';
import { genMapKeyS } from './mapaccess.js';
import { checkHelperResult, checkLookupResult, type HelperSite } from './helper-errors.js';
import { BPF_ANY, callHelper } from './helpers.js';
import { I64, Value, arrayOf, i64 } from './ir-builder.js';
import { isScalar, layoutOf, storeConverted } from './layout.js';
import { layoutSize, type ValueLayout } from './manifest.js';
import { ZERO_ON_STACK_MAX, aggregate, scriptMapRef, withValue, wordBytes, zeroBuffer } from './maps.js';

const AGGS = new Set(['count', 'sum', 'min', 'max', 'avg', 'stats', 'hist', 'lhist']);

export function genStmts(p: ProbeCtx, stmts: Stmt[]): void {
  run(stmtsS(p, stmts));
}

/** genStmts as a step (steps.ts): nested blocks do not deepen the JS stack. */
function* stmtsS(p: ProbeCtx, stmts: Stmt[]): Step<void> {
  for (const s of stmts) yield* sub(genStmt(p, s));
}

/**
 * An expression run for its effect. A ternary whose arms have no value
 * (`c ? printf("a") : exit()`) is an if/else of its arms.
 */
function* genEffect(p: ProbeCtx, e: Expr): Step<void> {
  const f = p.f;
  if (e.kind === 'Call') return genCallStmt(p, e);
  if (e.kind !== 'Ternary' || (e.then.type?.tag !== 'none' && e.else.type?.tag !== 'none')) {
    yield* gen(p, e);
    return;
  }
  const yes = f.newBlock('tthen');
  const no = f.newBlock('telse');
  const join = f.newBlock('tfi');
  f.condBr(yield* genCondS(p, e.cond), yes, no);
  for (const [blk, x] of [[yes, e.then], [no, e.else]] as const) {
    f.setBlock(blk);
    yield* sub(genEffect(p, x));
    f.br(join);
  }
  f.setBlock(join);
}

function* genStmt(p: ProbeCtx, s: Stmt): Step<void> {
  const f = p.f;
  // Temporaries of earlier statements are dead here (variables have their own slots).
  f.releaseTemps();
  switch (s.kind) {
    case 'ExprStmt': return yield* genEffect(p, s.expr);
    case 'AssignMap': return yield* assignMap(p, s.map, s.op, s.value, s.op === '=' ? { range: { start: s.map.range.start, end: s.value.range.start }, equals: true } : { range: s.range });
    case 'AssignVar': return yield* assignVar(p, s.variable, s.op, s.value);
    case 'If': {
      const yes = f.newBlock('if');
      const no = f.newBlock('else');
      const join = f.newBlock('endif');
      f.condBr(yield* genCondS(p, s.cond), yes, s.else ? no : join);
      f.setBlock(yes);
      yield* stmtsS(p, s.then);
      f.br(join);
      f.setBlock(no);
      if (s.else) yield* stmtsS(p, s.else);
      f.br(join);
      f.setBlock(join);
      return;
    }
    case 'Unroll': {
      // Fully unrolled: the count is a constant the checker bounded.
      const n = s.times ?? 0;
      for (let i = 0; i < n; i++) yield* stmtsS(p, s.body);
      return;
    }
    case 'While': {
      // Bounded loops are left to the verifier (kernel 5.3+).
      const head = f.newBlock('while');
      const body = f.newBlock('do');
      const end = f.newBlock('done');
      f.br(head);
      f.setBlock(head);
      f.condBr(yield* genCondS(p, s.cond), body, end);
      f.setBlock(body);
      p.loops.push({ brk: end, cont: head });
      yield* stmtsS(p, s.body);
      p.loops.pop();
      f.br(head);
      f.setBlock(end);
      return;
    }
    case 'Jump': {
      const loop = p.loops[p.loops.length - 1];
      if (s.which === 'return') f.ret(i64(0));
      else if (loop) f.br(s.which === 'break' ? loop.brk : loop.cont);
      return;
    }
  }
}

const OPS: Record<string, BinaryOp> = { '+=': '+', '-=': '-', '*=': '*', '/=': '/', '%=': '%', '&=': '&', '|=': '|', '^=': '^', '<<=': '<<', '>>=': '>>' };

/** `a op= b` as the expression `a op b` (typed like `a`). */
function compound(target: Expr, op: AssignOp, value: Expr): Expr {
  if (op === '=') return value;
  return { kind: 'Binary', op: OPS[op], left: target, right: value, range: value.range, type: target.type };
}

/** `site`: where bpftrace 0.17 reports a failed update with -k (helper-errors.ts). */
function* assignMap(p: ProbeCtx, m: MapRef, op: AssignOp, value: Expr, site?: HelperSite): Step<void> {
  const f = p.f;
  const cg = p.m.maps.get(m.name);
  if (!cg) return unsupported(p.m, `map ${m.name} without MapInfo`, m.range);
  const spec = cg.spec;
  if (value.kind === 'Call' && AGGS.has(value.name)) {
    // The aggregated value is the first argument (none for count()).
    const x = value.args[0] ? yield* gen(p, value.args[0]) : i64(0);
    const key = yield* genMapKeyS(p, m);
    const onUpdate = (ret: Value) => checkHelperResult(p.m, f, 'map_update_elem', ret, { range: value.range });
    const onLookup = (val: Value) => checkLookupResult(p.m, f, val, { range: value.range });
    withValue(f, cg, key, (val) => aggregate(f, spec, val, x), spec.valueSize > ZERO_ON_STACK_MAX ? p.m.zeroMap : undefined, onUpdate, onLookup);
    return;
  }
  const rhs = compound(m, op, value);
  const key = yield* genMapKeyS(p, m);
  const buf = zeroBuffer(f, spec.valueSize, 'val');
  yield* genIntoS(p, buf, 0, rhs, spec.value);
  const ret = callHelper(f, 'map_update_elem', I64, [scriptMapRef(cg), key, buf, i64(BPF_ANY)]);
  checkHelperResult(p.m, f, 'map_update_elem', ret, site);
}

function* assignVar(p: ProbeCtx, v: Variable, op: AssignOp, value: Expr): Step<void> {
  const f = p.f;
  const rhs = compound(v, op, value);
  const val = yield* gen(p, rhs);
  let slot = p.vars.get(v.name);
  if (!slot) {
    // The variable's type over the whole probe (a string at its longest), not this assignment's.
    // (Only strings: a stack's layout comes from its call's arguments, see layoutOfExpr.)
    const whole = p.probe.vars?.get(v.name);
    const declared = whole?.tag === 'string' ? whole : undefined;
    const type = declared ?? typeOf(p, op === '=' ? value : v);
    const layout = declared ? layoutOf(declared) : layoutOfExpr(p, op === '=' ? value : v);
    const ptr = f.persistentAlloca(isScalar(layout) ? I64 : arrayOf(slotBytes(layout), 'i8'), 'var', 8);
    slot = { slot: ptr, layout, type, addrSpace: addrSpaceOf(p, op === '=' ? value : v) };
    p.vars.set(v.name, slot);
  }
  if (isScalar(slot.layout)) {
    let v = val.type === I64 ? val : f.cast('ptrtoint', val, I64);
    // A variable keeps its first type: a later (or compound) assignment of a wider value
    // wraps to it, as in C. `$w = (uint8)0; $w = -1;` holds 255, so `@w = $w` stores 255
    // (the slot is i64, and readers trust it to hold a value already of the variable's type).
    const t = slot.type;
    if (t.tag === 'int' && t.bits < 64) v = f.intResize(f.intResize(v, `i${t.bits}`, false), I64, t.signed);
    f.store(v, slot.slot, 8);
  }
  else {
    // A later assignment may be shorter than the declared type: clear, then copy what it has.
    f.memset(slot.slot, 0, slotBytes(slot.layout));
    storeConverted(f, slot.slot, 0, val, layoutOfExpr(p, rhs), slot.layout);
  }
}

/** Stack bytes of a composite variable: whole words, so clearing it is word stores. */
function slotBytes(l: ValueLayout): number {
  return wordBytes(layoutSize(l));
}

function* genIncDecImpl(p: ProbeCtx, e: Unary): Step<Value> {
  const one: Expr = { kind: 'Integer', value: 1n, text: '1', range: e.range, type: { tag: 'int', bits: 64, signed: true } };
  const target = e.operand;
  const old = yield* gen(p, target);
  const op: AssignOp = e.op === '++' ? '+=' : '-=';
  if (target.kind === 'Map') {
    // (-kk: the update re-reads the map; that lookup is the one reported above)
    p.m.lookupReported = true;
    try { yield* assignMap(p, target, op, one, { range: e.range }); } finally { p.m.lookupReported = false; }
  }
  else if (target.kind === 'Variable') yield* assignVar(p, target, op, one);
  else unsupported(p.m, `${e.op} on ${target.kind}`, e.range);
  // `++p` on a pointer moves by a whole element, as the assignment did.
  const t = typeOf(p, target);
  const step = t.tag === 'pointer' ? Math.max(1, sizeOf(t.to)) : 1;
  return e.postfix ? old : p.f.bin(e.op === '++' ? 'add' : 'sub', old, i64(step));
}
setIncDec(genIncDecImpl);

