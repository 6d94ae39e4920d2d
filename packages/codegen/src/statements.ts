// Statements: assignments to maps and variables, control flow, and the
// statement-level functions (printf, exit, print, clear, zero, delete).

import type { AssignOp, BinaryOp, Call, Expr, MapRef, Stmt, Unary, Variable } from '@bpftrace-ts/parser';
import type { ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { emitRecord, emitSimple, recordLayout } from './events.js';
import { genCond, genExpr, genMapKey, layoutOfExpr, setIncDec, typeOf } from './expressions.js';
import { BPF_ANY, callHelper } from './helpers.js';
import { I64, Value, arrayOf, i64 } from './ir-builder.js';
import { isScalar, storeAs } from './layout.js';
import { layoutSize } from './manifest.js';
import { ZERO_ON_STACK_MAX, aggregate, mapGlobalRef, withValue, zeroBuffer } from './maps.js';

const AGGS = new Set(['count', 'sum', 'min', 'max', 'avg', 'stats', 'hist', 'lhist']);

export function genStmts(p: ProbeCtx, stmts: Stmt[]): void {
  for (const s of stmts) genStmt(p, s);
}

function genStmt(p: ProbeCtx, s: Stmt): void {
  const f = p.f;
  switch (s.kind) {
    case 'ExprStmt':
      if (s.expr.kind === 'Call') genCallStmt(p, s.expr);
      else genExpr(p, s.expr);
      return;
    case 'AssignMap': return assignMap(p, s.map, s.op, s.value);
    case 'AssignVar': return assignVar(p, s.variable, s.op, s.value);
    case 'If': {
      const yes = f.newBlock('if');
      const no = f.newBlock('else');
      const join = f.newBlock('endif');
      f.condBr(genCond(p, s.cond), yes, s.else ? no : join);
      f.setBlock(yes);
      genStmts(p, s.then);
      f.br(join);
      f.setBlock(no);
      if (s.else) genStmts(p, s.else);
      f.br(join);
      f.setBlock(join);
      return;
    }
    case 'Unroll': {
      // Fully unrolled: the count is a constant the checker bounded.
      const n = s.count.kind === 'Integer' ? Number(s.count.value) : 0;
      for (let i = 0; i < n; i++) genStmts(p, s.body);
      return;
    }
    case 'While': {
      // Bounded loops are left to the verifier (kernel 5.3+).
      const head = f.newBlock('while');
      const body = f.newBlock('do');
      const end = f.newBlock('done');
      f.br(head);
      f.setBlock(head);
      f.condBr(genCond(p, s.cond), body, end);
      f.setBlock(body);
      p.loops.push({ brk: end, cont: head });
      genStmts(p, s.body);
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

function assignMap(p: ProbeCtx, m: MapRef, op: AssignOp, value: Expr): void {
  const f = p.f;
  const cg = p.m.maps.get(m.name);
  if (!cg) return unsupported(p.m, `map ${m.name} without MapInfo`, m.range);
  const spec = cg.spec;
  if (value.kind === 'Call' && AGGS.has(value.name)) {
    // The aggregated value is the first argument (none for count()).
    const x = value.args[0] ? genExpr(p, value.args[0]) : i64(0);
    const key = genMapKey(p, m);
    withValue(f, cg, key, (val) => aggregate(f, spec, val, x), spec.valueSize > ZERO_ON_STACK_MAX ? p.m.zeroMap : undefined);
    return;
  }
  const v = genExpr(p, compound(m, op, value));
  const key = genMapKey(p, m);
  const buf = zeroBuffer(f, spec.valueSize, 'val');
  storeAs(f, buf, 0, v, spec.value);
  callHelper(f, 'map_update_elem', I64, [mapGlobalRef({ globalType: cg.globalType, bpfName: spec.bpfName }), key, buf, i64(BPF_ANY)]);
}

function assignVar(p: ProbeCtx, v: Variable, op: AssignOp, value: Expr): void {
  const f = p.f;
  const val = genExpr(p, compound(v, op, value));
  let slot = p.vars.get(v.name);
  if (!slot) {
    const type = typeOf(p, op === '=' ? value : v);
    const layout = layoutOfExpr(p, op === '=' ? value : v);
    const size = isScalar(layout) ? 8 : layoutSize(layout);
    const ptr = f.alloca(isScalar(layout) ? I64 : arrayOf(Math.ceil(size / 8) * 8, 'i8'), 'var', 8);
    slot = { slot: ptr, layout, type };
    p.vars.set(v.name, slot);
  }
  if (isScalar(slot.layout)) f.store(val.type === I64 ? val : f.cast('ptrtoint', val, I64), slot.slot, 8);
  else f.memcpy(slot.slot, val, layoutSize(slot.layout));
}

function genIncDecImpl(p: ProbeCtx, e: Unary): Value {
  const one: Expr = { kind: 'Integer', value: 1n, text: '1', range: e.range, type: { tag: 'int', bits: 64, signed: true } };
  const target = e.operand;
  const old = genExpr(p, target);
  const op: AssignOp = e.op === '++' ? '+=' : '-=';
  if (target.kind === 'Map') assignMap(p, target, op, one);
  else if (target.kind === 'Variable') assignVar(p, target, op, one);
  else unsupported(p.m, `${e.op} on ${target.kind}`, e.range);
  return e.postfix ? old : p.f.bin(e.op === '++' ? 'add' : 'sub', old, i64(1));
}
setIncDec(genIncDecImpl);

function mapArg(p: ProbeCtx, c: Call) {
  const a = c.args[0];
  if (a?.kind !== 'Map') return undefined;
  return p.m.maps.get(a.name);
}

function genCallStmt(p: ProbeCtx, c: Call): void {
  const f = p.f;
  const rb = p.m.ringbuf;
  switch (c.name) {
    case 'printf': case 'system': case 'cat': {
      const fmt = c.args[0];
      const args = c.args.slice(1);
      const layouts = args.map((a) => layoutOfExpr(p, a));
      const { fields, size } = recordLayout(layouts);
      const format = fmt?.kind === 'String' ? fmt.value : '';
      const id = p.m.events.add({ kind: c.name, format, fields });
      emitRecord(f, rb, id, fields, size, args.map((a) => genExpr(p, a)));
      return;
    }
    case 'time': {
      const fmt = c.args[0];
      emitSimple(f, rb, p.m.events.add({ kind: 'time', format: fmt?.kind === 'String' ? fmt.value : '%H:%M:%S\n' }));
      return;
    }
    case 'exit':
      emitSimple(f, rb, p.m.events.add({ kind: 'exit' }));
      // Like bpftrace: nothing after exit() runs in this probe.
      f.ret(i64(0));
      return;
    case 'print': {
      const cg = mapArg(p, c);
      if (cg) {
        const num = (e?: Expr) => (e?.kind === 'Integer' ? Number(e.value) : 0);
        const id = p.m.events.add({ kind: 'print_map', map: cg.spec.name, top: num(c.args[1]), div: num(c.args[2]) });
        emitSimple(f, rb, id);
      } else if (c.args[0]) {
        const layout = layoutOfExpr(p, c.args[0]);
        const { fields, size } = recordLayout([layout]);
        const id = p.m.events.add({ kind: 'print_value', field: fields[0] });
        emitRecord(f, rb, id, fields, size, [genExpr(p, c.args[0])]);
      }
      return;
    }
    case 'clear': case 'zero': {
      const cg = mapArg(p, c);
      if (cg) emitSimple(f, rb, p.m.events.add({ kind: c.name, map: cg.spec.name }));
      return;
    }
    case 'delete': {
      const m = c.args[0];
      const cg = mapArg(p, c);
      if (!cg || m?.kind !== 'Map') return;
      callHelper(f, 'map_delete_elem', I64, [mapGlobalRef({ globalType: cg.globalType, bpfName: cg.spec.bpfName }), genMapKey(p, m)]);
      return;
    }
  }
  genExpr(p, c);
}

