// Expressions. A scalar evaluates to an i64 (extended by its type's signedness);
// a composite (string, tuple, record, buffer) to a pointer pointing at a stack
// buffer holding it.

import { readHelperFor } from './addrspace.js';
import { run, sub, type Expr, type SizedType, type Step } from '@bpftrace-ts/parser';
import { sizeOf } from '@bpftrace-ts/typecheck';
import { genBuiltin } from './builtins.js';
import { genCallValueS } from './calls.js';
import type { ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { genArrayAccessS, genFieldS, readRange } from './fields.js';
import { readChecked } from './helper-errors.js';
import { paramGlobal } from './param-globals.js';
import { callHelper } from './helpers.js';
import { I64, I8P, Value, i64 } from './ir-builder.js';
import { isScalar, layoutOf, loadScalar, packFields, storeConverted } from './layout.js';
import { layoutSize, type ValueLayout } from './manifest.js';
import { genMapReadS } from './mapaccess.js';
import { zeroBuffer } from './maps.js';
import { comparable, constString, strDiffer } from './strings.js';

/**
 * The expression's type as the checker set it. Only nodes codegen builds
 * itself (compound assignments, `++`) may lack one; they default to int64.
 */
export function typeOf(p: ProbeCtx, e: Expr): SizedType {
  if (e.type && e.type.tag !== 'none') return e.type;
  if (e.kind === 'Variable') return p.vars.get(e.name)?.type ?? I64T;
  if (e.kind === 'Map') return p.m.checked.maps.get(e.name)?.value ?? I64T;
  return I64T;
}

const I64T: SizedType = { tag: 'int', bits: 64, signed: true };

export function isSigned(t: SizedType): boolean {
  return (t.tag === 'int' && t.signed) || (t.tag === 'agg' && t.signed);
}

export function layoutOfExpr(p: ProbeCtx, e: Expr): ValueLayout {
  const l = layoutOf(typeOf(p, e));
  // An agg-typed map read yields its (current CPU's) integer.
  return l.type === 'none' ? { type: 'int', size: 8, signed: true } : l;
}

/** Evaluate to an i1 truth value. */
export function genCond(p: ProbeCtx, e: Expr): Value {
  return run(genCondS(p, e));
}

export function* genCondS(p: ProbeCtx, e: Expr): Step<Value> {
  const v = yield* gen(p, e);
  if (v.type === I8P) return p.f.icmp('ne', p.f.load('i8', v), { type: 'i8', ref: '0' });
  return p.f.icmp('ne', v, i64(0));
}

export function genInto(p: ProbeCtx, dst: Value, offset: number, e: Expr, to: ValueLayout): void {
  run(genIntoS(p, dst, offset, e, to));
}

export function* genIntoS(p: ProbeCtx, dst: Value, offset: number, e: Expr, to: ValueLayout): Step<void> {
  storeConverted(p.f, dst, offset, yield* gen(p, e), layoutOfExpr(p, e), to);
}

export function genExpr(p: ProbeCtx, e: Expr): Value {
  return run(genExprS(p, e));
}

/** Inside a step: generate a sub-expression (steps.ts: deep expressions, shallow JS stack). */
export const gen = (p: ProbeCtx, e: Expr): Step<Value> => sub(genExprS(p, e));

/** genExpr as a step. */
export function* genExprS(p: ProbeCtx, e: Expr): Step<Value> {
  const f = p.f;
  switch (e.kind) {
    case 'Integer': return i64(e.value);
    case 'String': {
      const t = typeOf(p, e);
      return constString(p, e.value, t.tag === 'string' ? t.size : e.value.length + 1);
    }
    case 'PositionalParam': {
      const raw = p.m.checked.params[e.index - 1] ?? '';
      const t = typeOf(p, e);
      if (t.tag === 'string') return constString(p, raw, t.size);
      if (p.m.options.paramGlobals && e.value !== undefined) return paramGlobal(p, e.index, e.value);
      return i64(e.value ?? 0n);
    }
    case 'PositionalCount': return i64(p.m.checked.params.length);
    case 'Builtin': return genBuiltin(p, e);
    case 'Variable': {
      const v = p.vars.get(e.name);
      if (!v) return i64(0);
      return isScalar(v.layout) ? f.load(I64, v.slot, 8) : f.toI8p(v.slot);
    }
    case 'Map': return yield* genMapReadS(p, e);
    case 'Binary': return yield* genBinary(p, e);
    case 'Unary': return yield* genUnary(p, e);
    case 'Ternary': {
      const l = layoutOfExpr(p, e);
      const yes = f.newBlock('then');
      const no = f.newBlock('else');
      const join = f.newBlock('fi');
      // The result buffer must dominate both arms: zero it before branching.
      const out = isScalar(l) ? undefined : zeroBuffer(f, layoutSize(l), 'tern');
      f.condBr(yield* genCondS(p, e.cond), yes, no);
      if (!out) {
        f.setBlock(yes);
        const a = yield* gen(p, e.then);
        const aEnd = f.current;
        f.br(join);
        f.setBlock(no);
        const b = yield* gen(p, e.else);
        const bEnd = f.current;
        f.br(join);
        f.setBlock(join);
        return f.phi(I64, [[a, aEnd], [b, bEnd]]);
      }
      for (const [blk, x] of [[yes, e.then], [no, e.else]] as const) {
        f.setBlock(blk);
        yield* genIntoS(p, out, 0, x, l);
        f.br(join);
      }
      f.setBlock(join);
      return out;
    }
    case 'Tuple': {
      const t = packFields(e.elems.map((x) => layoutOfExpr(p, x)));
      const buf = zeroBuffer(f, t.size, 'tuple');
      for (const [i, x] of e.elems.entries()) yield* genIntoS(p, buf, t.fields[i]!.offset, x, t.fields[i]!.layout);
      return buf;
    }
    case 'Cast': {
      const v = yield* gen(p, e.expr);
      const t = typeOf(p, e);
      if (t.tag === 'int' && v.type === I64) {
        // As bpftrace 0.17 (LLVM's CreateIntCast with the target's sign): a widening cast
        // extends by the *target's* signedness, so (int64)(uint32)-1 is -1 and
        // (uint64)(int32)-1 is 4294967295.
        const st = typeOf(p, e.expr);
        const bits = Math.min(st.tag === 'int' ? st.bits : 64, t.bits);
        const small = f.intResize(v, `i${bits}`, false);
        return f.intResize(small, I64, t.signed);
      }
      return v;
    }
    case 'FieldAccess': return yield* genFieldS(p, e);
    case 'ArrayAccess': return yield* genArrayAccessS(p, e);
    case 'Offsetof': {
      const rec = p.m.options.kernel?.record(e.typeName.base.replace(/^(struct|union)\s+/, ''));
      const fi = rec?.fields.find((x) => x.name === e.field);
      if (!fi) unsupported(p.m, `offsetof(${e.typeName.base}, ${e.field}) without its record (pass options.kernel)`, e.range);
      return i64(fi?.offset ?? 0);
    }
    case 'Call': return yield* genCallValueS(p, e);
    case 'Sizeof':
      // The checker resolved the type (the script's own structs included) and sized it.
      if (e.size === undefined) unsupported(p.m, 'sizeof of an unchecked expression', e.range);
      return i64(e.size ?? 0);
    default:
      unsupported(p.m, `expression '${e.kind}'`, e.range);
      return i64(0);
  }
}

function* genBinary(p: ProbeCtx, e: Extract<Expr, { kind: 'Binary' }>): Step<Value> {
  const f = p.f;
  if (e.op === '&&' || e.op === '||') {
    // Short-circuit: the right side runs only when it decides the result.
    const rhs = f.newBlock('rhs');
    const join = f.newBlock('sc');
    const l = yield* genCondS(p, e.left);
    const lEnd = f.current;
    if (e.op === '&&') f.condBr(l, rhs, join); else f.condBr(l, join, rhs);
    f.setBlock(rhs);
    const r = f.cast('zext', yield* genCondS(p, e.right), I64);
    const rEnd = f.current;
    f.br(join);
    f.setBlock(join);
    return f.phi(I64, [[i64(e.op === '&&' ? 0 : 1), lEnd], [r, rEnd]]);
  }
  const lt = typeOf(p, e.left);
  const a = yield* gen(p, e.left);
  const b = yield* gen(p, e.right);
  if (a.type === I8P && b.type === I8P && (e.op === '==' || e.op === '!=')) {
    // Arrays and buf()s are bytes, not C strings: every byte counts, NULs included.
    if (lt.tag === 'array' || (lt.tag === 'special' && lt.kind === 'buffer')) {
      return strDiffer(p, a, b, comparable(p, e.left, e.right), e.op === '==', true);
    }
    return strDiffer(p, a, b, comparable(p, e.left, e.right), e.op === '==');
  }
  // `str($1 + N)`: the checker typed it as the text from byte N on.
  if (a.type === I8P && e.op === '+' && e.right.kind === 'Integer' && typeOf(p, e).tag === 'string') {
    return f.bytePtr(a, Number(e.right.value), 'i8');
  }
  if (a.type !== I64 || b.type !== I64) {
    unsupported(p.m, `operator '${e.op}' on these operands`, e.range);
    return i64(0);
  }
  const signed = isSigned(lt) && isSigned(typeOf(p, e.right));
  const cmp = (pred: string) => f.cast('zext', f.icmp(pred as 'eq', a, b), I64);
  // Pointer arithmetic moves by whole elements, as in C.
  const rt = typeOf(p, e.right);
  const step = (ptr: SizedType, x: Value) => (ptr.tag === 'pointer' ? f.bin('mul', x, i64(Math.max(1, sizeOf(ptr.to)))) : x);
  switch (e.op) {
    case '+': return lt.tag === 'pointer' ? f.bin('add', a, step(lt, b)) : rt.tag === 'pointer' ? f.bin('add', step(rt, a), b) : f.bin('add', a, b);
    case '-': return f.bin('sub', a, rt.tag === 'pointer' ? b : step(lt, b));
    case '*': return f.bin('mul', a, b);
    case '/': return signed ? signedDivRem(p, a, b, false) : f.bin('udiv', a, b);
    case '%': return signed ? signedDivRem(p, a, b, true) : f.bin('urem', a, b);
    // A shift by 64 or more (or a negative amount) is poison in LLVM: it can take the other arm of
    // a ternary, or fold a hist() index's bounds check away so the verifier refuses the program
    // (`hist(2 >> 255)`). Mask the amount as BPF's own shift instructions do: defined, and free.
    case '<<': return f.bin('shl', a, f.bin('and', b, i64(63)));
    // bpftrace 0.17 shifts right logically whatever the sign (-16 >> 2 is 4611686018427387900).
    case '>>': return f.bin('lshr', a, f.bin('and', b, i64(63)));
    case '&': return f.bin('and', a, b);
    case '|': return f.bin('or', a, b);
    case '^': return f.bin('xor', a, b);
    case '==': return cmp('eq');
    case '!=': return cmp('ne');
    case '<': return cmp(signed ? 'slt' : 'ult');
    case '<=': return cmp(signed ? 'sle' : 'ule');
    case '>': return cmp(signed ? 'sgt' : 'ugt');
    case '>=': return cmp(signed ? 'sge' : 'uge');
  }
  return i64(0);
}

/**
 * Signed division/remainder from unsigned ones: BPF before v4 (llc-14) has no
 * sdiv/srem. C semantics: the quotient truncates toward zero, the remainder
 * takes the dividend's sign.
 */
function signedDivRem(p: ProbeCtx, a: Value, b: Value, rem: boolean): Value {
  const f = p.f;
  const abs = (x: Value) => f.select(f.icmp('slt', x, i64(0)), f.bin('sub', i64(0), x), x);
  const aNeg = f.icmp('slt', a, i64(0));
  const r = f.bin(rem ? 'urem' : 'udiv', abs(a), abs(b));
  const neg = rem ? aNeg : f.emit('i1', `xor i1 ${aNeg.ref}, ${f.icmp('slt', b, i64(0)).ref}`);
  return f.select(neg, f.bin('sub', i64(0), r), r);
}

function* genUnary(p: ProbeCtx, e: Extract<Expr, { kind: 'Unary' }>): Step<Value> {
  const f = p.f;
  if (e.op === '++' || e.op === '--') return yield* genIncDec(p, e);
  const v = yield* gen(p, e.operand);
  switch (e.op) {
    case '!': return f.cast('zext', f.icmp('eq', v, i64(0)), I64);
    case '~': return f.bin('xor', v, i64(-1));
    case '-': return f.bin('sub', i64(0), v);
    case '*': {
      const t = typeOf(p, e);
      const l = layoutOf(t);
      const size = layoutSize(l) || 8;
      const buf = zeroBuffer(f, size, 'deref');
      readChecked(p, readHelperFor(p, e.operand), [buf, i64(size), f.cast('inttoptr', v, I8P)], readRange(e));
      return isScalar(l) ? loadScalar(f, buf, 0, l) : buf;
    }
  }
  unsupported(p.m, `unary '${e.op}'`, e.range);
  return i64(0);
}

/** Hook for statements.ts: `x++`/`@m[k]--` are assignments. Set at module load to avoid an import cycle. */
export let genIncDec: (p: ProbeCtx, e: Extract<Expr, { kind: 'Unary' }>) => Step<Value> = function* () { return i64(0); };
export function setIncDec(fn: typeof genIncDec): void {
  genIncDec = fn;
}

