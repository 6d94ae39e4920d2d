// Expressions. A scalar evaluates to an i64 (extended by its type's signedness);
// a composite (string, tuple, record, buffer) to an i8* pointing at a stack
// buffer holding it.

import type { Call, Expr, FieldAccess, MapRef, SizedType } from '@bpftrace-ts/parser';
import { builtinType, genBuiltin } from './builtins.js';
import type { ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { callHelper } from './helpers.js';
import { I64, I8P, Value, i64 } from './ir-builder.js';
import { isScalar, layoutOf, loadScalar, packFields, storeAs } from './layout.js';
import { layoutSize, type ValueLayout } from './manifest.js';
import { mapGlobalRef, zeroBuffer, zeroKey } from './maps.js';

export const DEFAULT_STR_SIZE = 64;

/** The expression's type: the checker's, or a conservative default. */
export function typeOf(p: ProbeCtx, e: Expr): SizedType {
  if (e.type && e.type.tag !== 'none') return e.type;
  switch (e.kind) {
    case 'String': return { tag: 'string', size: new TextEncoder().encode(e.value).length + 1 };
    case 'Builtin': return builtinType(e.name);
    case 'Map': return p.m.checked.maps.get(e.name)?.value ?? { tag: 'int', bits: 64, signed: true };
    case 'Variable': return p.vars.get(e.name)?.type ?? { tag: 'int', bits: 64, signed: true };
    case 'Tuple': return { tag: 'tuple', elems: e.elems.map((x) => typeOf(p, x)) };
    case 'Call':
      if (e.name === 'str') return { tag: 'string', size: DEFAULT_STR_SIZE };
      return { tag: 'int', bits: 64, signed: true };
    case 'PositionalParam':
      return { tag: 'int', bits: 64, signed: true };
    case 'Binary': {
      const s = isSigned(typeOf(p, e.left)) && isSigned(typeOf(p, e.right));
      return { tag: 'int', bits: 64, signed: s };
    }
    default: return { tag: 'int', bits: 64, signed: true };
  }
}

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
  const v = genExpr(p, e);
  if (v.type === I8P) return p.f.icmp('ne', p.f.load('i8', v), { type: 'i8', ref: '0' });
  return p.f.icmp('ne', v, i64(0));
}

/** A zeroed stack buffer holding a string constant (truncated/padded to `size`). */
export function constString(p: ProbeCtx, s: string, size: number): Value {
  const bytes = new TextEncoder().encode(s).slice(0, Math.max(0, size - 1));
  const buf = zeroBuffer(p.f, size, 'str');
  // Store 8 bytes at a time where possible: fewer instructions than byte stores.
  for (let off = 0; off < bytes.length; off += 8) {
    let w = 0n;
    for (let i = 7; i >= 0; i--) w = (w << 8n) | BigInt(bytes[off + i] ?? 0);
    p.f.store(i64(w), p.f.bytePtr(buf, off, I64), 8);
  }
  return buf;
}

export function genExpr(p: ProbeCtx, e: Expr): Value {
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
      try { return i64(BigInt(raw || '0')); } catch { return i64(0); }
    }
    case 'PositionalCount': return i64(p.m.checked.params.length);
    case 'Builtin': return genBuiltin(p, e);
    case 'Variable': {
      const v = p.vars.get(e.name);
      if (!v) return i64(0);
      return isScalar(v.layout) ? f.load(I64, v.slot, 8) : f.toI8p(v.slot);
    }
    case 'Map': return genMapRead(p, e);
    case 'Binary': return genBinary(p, e);
    case 'Unary': return genUnary(p, e);
    case 'Ternary': {
      const l = layoutOfExpr(p, e);
      const yes = f.newBlock('then');
      const no = f.newBlock('else');
      const join = f.newBlock('fi');
      f.condBr(genCond(p, e.cond), yes, no);
      if (isScalar(l)) {
        f.setBlock(yes);
        const a = genExpr(p, e.then);
        const aEnd = f.current;
        f.br(join);
        f.setBlock(no);
        const b = genExpr(p, e.else);
        const bEnd = f.current;
        f.br(join);
        f.setBlock(join);
        return f.phi(I64, [[a, aEnd], [b, bEnd]]);
      }
      const size = layoutSize(l);
      const out = zeroBuffer(f, size, 'tern');
      for (const [blk, x] of [[yes, e.then], [no, e.else]] as const) {
        f.setBlock(blk);
        f.memcpy(out, genExpr(p, x), Math.min(size, layoutSize(layoutOfExpr(p, x))));
        f.br(join);
      }
      f.setBlock(join);
      return out;
    }
    case 'Tuple': {
      const t = packFields(e.elems.map((x) => layoutOfExpr(p, x)));
      const buf = zeroBuffer(f, t.size, 'tuple');
      e.elems.forEach((x, i) => storeAs(f, buf, t.fields[i].offset, genExpr(p, x), t.fields[i].layout));
      return buf;
    }
    case 'Cast': {
      const v = genExpr(p, e.expr);
      const t = typeOf(p, e);
      if (t.tag === 'int' && v.type === I64) {
        const small = f.intResize(v, `i${t.bits}`, false);
        return f.intResize(small, I64, t.signed);
      }
      return v;
    }
    case 'FieldAccess': return genField(p, e);
    case 'Call': return genCallValue(p, e);
    case 'Sizeof': {
      const arg = e.arg;
      return i64(arg.kind === 'TypeName' ? 8 : layoutSize(layoutOfExpr(p, arg)));
    }
    default:
      unsupported(p.m, `expression '${e.kind}'`, e.range);
      return i64(0);
  }
}

function genBinary(p: ProbeCtx, e: Extract<Expr, { kind: 'Binary' }>): Value {
  const f = p.f;
  if (e.op === '&&' || e.op === '||') {
    // Short-circuit: the right side runs only when it decides the result.
    const rhs = f.newBlock('rhs');
    const join = f.newBlock('sc');
    const l = genCond(p, e.left);
    const lEnd = f.current;
    if (e.op === '&&') f.condBr(l, rhs, join); else f.condBr(l, join, rhs);
    f.setBlock(rhs);
    const r = f.cast('zext', genCond(p, e.right), I64);
    const rEnd = f.current;
    f.br(join);
    f.setBlock(join);
    return f.phi(I64, [[i64(e.op === '&&' ? 0 : 1), lEnd], [r, rEnd]]);
  }
  const lt = typeOf(p, e.left);
  const a = genExpr(p, e.left);
  const b = genExpr(p, e.right);
  if (a.type === I8P && b.type === I8P && (e.op === '==' || e.op === '!=')) {
    const n = Math.min(layoutSize(layoutOfExpr(p, e.left)), layoutSize(layoutOfExpr(p, e.right)));
    return strEq(p, a, b, n, e.op === '!=');
  }
  if (a.type !== I64 || b.type !== I64) {
    unsupported(p.m, `operator '${e.op}' on these operands`, e.range);
    return i64(0);
  }
  const signed = isSigned(lt) && isSigned(typeOf(p, e.right));
  const cmp = (pred: string) => f.cast('zext', f.icmp(pred as 'eq', a, b), I64);
  switch (e.op) {
    case '+': return f.bin('add', a, b);
    case '-': return f.bin('sub', a, b);
    case '*': return f.bin('mul', a, b);
    case '/': return signed ? signedDivRem(p, a, b, false) : f.bin('udiv', a, b);
    case '%': return signed ? signedDivRem(p, a, b, true) : f.bin('urem', a, b);
    case '<<': return f.bin('shl', a, b);
    case '>>': return f.bin(signed ? 'ashr' : 'lshr', a, b);
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

/** String equality up to the first NUL or `n` bytes, fully unrolled (no loops for the verifier). */
function strEq(p: ProbeCtx, a: Value, b: Value, n: number, negate: boolean): Value {
  const f = p.f;
  const join = f.newBlock('streq');
  const incoming: [Value, typeof join][] = [];
  for (let i = 0; i < n; i++) {
    const ca = f.load('i8', f.bytePtr(a, i, 'i8'));
    const cb = f.load('i8', f.bytePtr(b, i, 'i8'));
    const next = f.newBlock('strnext');
    incoming.push([i64(negate ? 1 : 0), f.current]);
    f.condBr(f.icmp('ne', ca, cb), join, next);
    f.setBlock(next);
    const more = f.newBlock('strmore');
    incoming.push([i64(negate ? 0 : 1), f.current]);
    f.condBr(f.icmp('eq', ca, { type: 'i8', ref: '0' }), join, more);
    f.setBlock(more);
  }
  incoming.push([i64(negate ? 0 : 1), f.current]);
  f.br(join);
  f.setBlock(join);
  return f.phi(I64, incoming);
}

function genUnary(p: ProbeCtx, e: Extract<Expr, { kind: 'Unary' }>): Value {
  const f = p.f;
  if (e.op === '++' || e.op === '--') return genIncDec(p, e);
  const v = genExpr(p, e.operand);
  switch (e.op) {
    case '!': return f.cast('zext', f.icmp('eq', v, i64(0)), I64);
    case '~': return f.bin('xor', v, i64(-1));
    case '-': return f.bin('sub', i64(0), v);
    case '*': {
      const t = typeOf(p, e);
      const l = layoutOf(t);
      const size = layoutSize(l) || 8;
      const buf = zeroBuffer(f, size, 'deref');
      callHelper(f, 'probe_read_kernel', I64, [buf, i64(size), f.cast('inttoptr', v, I8P)]);
      return isScalar(l) ? loadScalar(f, buf, 0, l) : buf;
    }
  }
  unsupported(p.m, `unary '${e.op}'`, e.range);
  return i64(0);
}

/** Hook for statements.ts: `x++`/`@m[k]--` are assignments. Set at module load to avoid an import cycle. */
export let genIncDec: (p: ProbeCtx, e: Extract<Expr, { kind: 'Unary' }>) => Value = () => i64(0);
export function setIncDec(fn: typeof genIncDec): void {
  genIncDec = fn;
}

/** Build a map's key buffer (u32 0 for a keyless map). */
export function genMapKey(p: ProbeCtx, m: MapRef): Value {
  const cg = p.m.maps.get(m.name);
  if (!cg || m.keys.length === 0) return zeroKey(p.f);
  const spec = cg.spec;
  const key = zeroBuffer(p.f, spec.keySize, 'key');
  m.keys.forEach((k, i) => {
    const field = spec.keys[i];
    if (field) storeAs(p.f, key, field.offset, genExpr(p, k), field.layout);
  });
  return key;
}

function genMapRead(p: ProbeCtx, e: MapRef): Value {
  const f = p.f;
  const cg = p.m.maps.get(e.name);
  if (!cg) {
    unsupported(p.m, `map ${e.name} without MapInfo`, e.range);
    return i64(0);
  }
  const l = cg.spec.kind === 'value' ? cg.spec.value : cg.spec.value;
  const key = genMapKey(p, e);
  const v = callHelper(f, 'map_lookup_elem', I8P, [mapGlobalRef({ globalType: cg.globalType, bpfName: cg.spec.bpfName }), key]);
  const have = f.newBlock('mapval');
  const join = f.newBlock('mapread');
  const before = f.current;
  if (isScalar(l)) {
    f.condBr(f.icmp('ne', v, { type: I8P, ref: 'null' }), have, join);
    f.setBlock(have);
    const x = loadScalar(f, v, 0, l);
    f.br(join);
    f.setBlock(join);
    return f.phi(I64, [[i64(0), before], [x, have]]);
  }
  const out = zeroBuffer(f, cg.spec.valueSize, 'mapval');
  f.condBr(f.icmp('ne', v, { type: I8P, ref: 'null' }), have, join);
  f.setBlock(have);
  f.memcpy(out, v, layoutSize(l));
  f.br(join);
  f.setBlock(join);
  return out;
}

function genField(p: ProbeCtx, e: FieldAccess): Value {
  const f = p.f;
  // args->field of a tracepoint: a load from the context at the format's offset.
  if (e.expr.kind === 'Builtin' && e.expr.name === 'args') {
    const a = p.attach[0];
    const fmt = a?.probeType === 'tracepoint' && a.target && a.func ? p.m.options.kernel?.tracepointFormat(a.target, a.func) : undefined;
    const field = fmt?.fields.find((x) => x.name === e.field);
    if (!field) {
      unsupported(p.m, `args->${e.field} without its tracepoint format (pass options.kernel)`, e.range);
      return i64(0);
    }
    const l = layoutOf(typeOf(p, e));
    if (isScalar(l) && [1, 2, 4, 8].includes(field.size)) {
      const t = `i${field.size * 8}`;
      const x = f.load(t, f.bytePtr(p.ctx, field.offset, t), field.size);
      return f.intResize(x, I64, field.signed);
    }
    const size = Math.max(field.size, layoutSize(l));
    const buf = zeroBuffer(f, size, 'field');
    callHelper(f, 'probe_read_kernel', I64, [buf, i64(field.size), f.bytePtr(p.ctx, field.offset, 'i8')]);
    return buf;
  }
  // Tuple element `t.0`.
  const base = typeOf(p, e.expr);
  if (base.tag === 'tuple' && /^\d+$/.test(e.field)) {
    const t = packFields(base.elems.map(layoutOf));
    const fl = t.fields[Number(e.field)];
    const buf = genExpr(p, e.expr);
    if (!fl) return i64(0);
    if (isScalar(fl.layout)) return loadScalar(f, buf, fl.offset, fl.layout);
    return f.bytePtr(buf, fl.offset, 'i8');
  }
  // Struct fields through BTF: read with probe_read_kernel at the field's offset.
  const rec = base.tag === 'pointer' && base.to.tag === 'record' ? base.to : base.tag === 'record' ? base : undefined;
  const info = rec ? p.m.options.kernel?.record(rec.name.replace(/^(struct|union) /, '')) : undefined;
  const fi = info?.fields.find((x) => x.name === e.field);
  if (!fi || base.tag !== 'pointer') {
    unsupported(p.m, `field access '${e.field}'`, e.range);
    return i64(0);
  }
  const l = layoutOf(typeOf(p, e));
  const size = layoutSize(l) || 8;
  const addr = f.bin('add', genExpr(p, e.expr), i64(fi.offset));
  const buf = zeroBuffer(f, size, 'field');
  callHelper(f, 'probe_read_kernel', I64, [buf, i64(size), f.cast('inttoptr', addr, I8P)]);
  return isScalar(l) ? loadScalar(f, buf, 0, l) : buf;
}

/** Which str helper reads `probe`'s pointers: user space for uprobes and syscall tracepoints. */
function readsUser(p: ProbeCtx): boolean {
  const a = p.attach[0];
  if (!a) return false;
  if (a.probeType === 'uprobe' || a.probeType === 'uretprobe' || a.probeType === 'usdt') return true;
  return a.probeType === 'tracepoint' && a.target === 'syscalls';
}

function genCallValue(p: ProbeCtx, e: Call): Value {
  const f = p.f;
  switch (e.name) {
    case 'str': {
      const t = typeOf(p, e);
      const size = t.tag === 'string' ? t.size : DEFAULT_STR_SIZE;
      const arg = e.args[0];
      const v = genExpr(p, arg);
      if (v.type === I8P) return v; // already a string (e.g. str($1), str(comm))
      const buf = zeroBuffer(f, size, 'str');
      let len: Value = i64(size);
      if (e.args[1]) {
        // str(p, n): at most n bytes plus the terminating NUL, never more than the buffer.
        const n = f.bin('add', genExpr(p, e.args[1]), i64(1));
        len = f.select(f.icmp('ult', n, i64(size)), n, i64(size));
      }
      callHelper(f, readsUser(p) ? 'probe_read_user_str' : 'probe_read_kernel_str', I64, [buf, len, f.cast('inttoptr', v, I8P)]);
      return buf;
    }
    case 'ksym': case 'usym': case 'username': case 'reg':
      return e.args[0] ? genExpr(p, e.args[0]) : i64(0);
    case 'nsecs': return callHelper(f, 'ktime_get_ns', I64, []);
    case 'cpu': return f.cast('zext', callHelper(f, 'get_smp_processor_id', 'i32', []), I64);
  }
  unsupported(p.m, `function ${e.name}() as a value`, e.range);
  return i64(0);
}
