// Field and element access: `args->f` (a load from the tracepoint context, a
// trampoline's argument slot, a uprobe's argument register),
// tuple elements `t.0`, and kernel struct members through BTF pointers
// (`curtask->pid`, `curtask->se.vruntime`, `p[i]`): the member's address is
// computed and only the member itself is read (probe_read_kernel), never the
// whole struct (task_struct alone is bigger than the 512-byte stack).

import { genTrampolineArg } from './kfunc.js';
import { genUprobeArg } from './uprobe-args.js';
import { readHelperFor } from './addrspace.js';
import { sub, type ArrayAccess, type Expr, type FieldAccess, type RecordMember, type SizedType, type SourceRange, type Step } from '@bpftrace-ts/parser';
import { sizeOf, type TracepointField } from '@bpftrace-ts/typecheck';
import type { ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { gen, typeOf } from './expressions.js';
import { callHelper } from './helpers.js';
import { readChecked } from './helper-errors.js';
import { I64, I8P, Value, i64 } from './ir-builder.js';
import { isScalar, layoutOf, loadScalar, packFields } from './layout.js';
import { layoutSize } from './manifest.js';
import { zeroBuffer } from './maps.js';

/** The member `field` of the record a pointer or record type names (the checker set its members). */
function recordField(t: SizedType, field: string): RecordMember | undefined {
  const rec = t.tag === 'pointer' ? t.to : t;
  return rec.tag === 'record' ? rec.fields?.find((x) => x.name === field) : undefined;
}

const bitsOf = (m: RecordMember) => (m.bitSize !== undefined ? { offset: m.bitOffset ?? 0, size: m.bitSize } : undefined);

/** Bitfield: shift the field down from its first bit, then mask to its width. */
function extractBits(p: ProbeCtx, v: Value, bits: { offset: number; size: number }): Value {
  return p.f.bin('and', p.f.bin('lshr', v, i64(bits.offset)), i64((1n << BigInt(bits.size)) - 1n));
}

/**
 * The kernel address of a member or element expression, when it is one
 * (an lvalue in kernel memory); undefined otherwise.
 */
function* addressOf(p: ProbeCtx, e: Expr): Step<{ addr: Value; bits?: { offset: number; size: number } } | undefined> {
  const f = p.f;
  if (e.kind === 'FieldAccess') {
    const base = typeOf(p, e.expr);
    const fi = recordField(base, e.field);
    if (!fi) return undefined;
    let start: Value | undefined;
    if (base.tag === 'pointer') start = yield* gen(p, e.expr);
    else start = (yield* sub(addressOf(p, e.expr)))?.addr; // `a.b` on a record that itself lives in kernel memory
    if (!start) return undefined;
    return { addr: f.bin('add', start, i64(fi.offset)), bits: bitsOf(fi) };
  }
  if (e.kind === 'ArrayAccess') {
    const base = typeOf(p, e.expr);
    const elem = base.tag === 'pointer' ? base.to : base.tag === 'array' ? base.elem : undefined;
    if (!elem) return undefined;
    const start = base.tag === 'pointer' ? yield* gen(p, e.expr) : (yield* sub(addressOf(p, e.expr)))?.addr;
    if (!start) return undefined;
    const idx = f.bin('mul', yield* gen(p, e.index), i64(Math.max(1, sizeOf(elem))));
    return { addr: f.bin('add', start, idx) };
  }
  if (e.kind === 'Unary' && e.op === '*') return { addr: yield* gen(p, e.operand) };
  return undefined;
}

/** Where -kk reports a failed read, as bpftrace 0.17: a dereference at its `*`, else the whole expression. */
export function readRange(e: Expr): SourceRange {
  if (e.kind !== 'Unary') return e.range;
  const { start } = e.range;
  return { start, end: { ...start, column: start.column + 1, offset: start.offset + 1 } };
}

/** Read a value of `e`'s type from the kernel address `addr`. */
function readAt(p: ProbeCtx, e: Expr, addr: Value, bits?: { offset: number; size: number }): Value {
  const f = p.f;
  const l = layoutOf(typeOf(p, e));
  const size = layoutSize(l) || 8;
  const buf = zeroBuffer(f, size, 'field');
  // The base pointer's address space: curtask's members are kernel memory even in
  // uprobes; `((struct x *)arg0)->f` in a uprobe is user memory (addrspace.ts).
  readChecked(p, readHelperFor(p, e), [buf, i64(size), f.cast('inttoptr', addr, I8P)], readRange(e));
  if (!isScalar(l)) return buf;
  const v = loadScalar(f, buf, 0, l);
  return bits ? extractBits(p, v, bits) : v;
}

/** The tracepoint format field `args->name` reads, if `e` is one. */
function tracepointField(p: ProbeCtx, e: Expr): TracepointField | undefined {
  if (e.kind !== 'FieldAccess' || e.expr.kind !== 'Builtin' || e.expr.name !== 'args') return undefined;
  const a = p.attach[0];
  const fmt = a?.probeType === 'tracepoint' && a.target && a.func ? p.m.options.kernel?.tracepointFormat(a.target, a.func) : undefined;
  return fmt?.fields.find((x) => x.name === e.field);
}

/**
 * The address of a `__data_loc`/`__rel_loc` field's data (for `str(args->name)`):
 * the field's u32 holds (length << 16 | offset), the offset counted from the start
 * of the record (data_loc) or from the end of the field (rel_loc). The data is in
 * the trace buffer, kernel memory; undefined when `e` is no such field.
 */
export function dataLocAddress(p: ProbeCtx, e: Expr): Value | undefined {
  const field = tracepointField(p, e);
  if (!field || (!field.dataLoc && !field.relLoc)) return undefined;
  const f = p.f;
  const word = f.load('i32', f.bytePtr(p.ctx, field.offset, 'i32'), 4);
  let off = f.bin('and', f.intResize(word, I64, false), i64(0xffff));
  if (field.relLoc) off = f.bin('add', off, i64(field.offset + field.size));
  return f.bin('add', f.cast('ptrtoint', p.ctx, I64), off);
}

export function* genFieldS(p: ProbeCtx, e: FieldAccess): Step<Value> {
  const f = p.f;
  // args->field of a tracepoint: a load from the context at the format's offset.
  if (e.expr.kind === 'Builtin' && e.expr.name === 'args') {
    const param = genTrampolineArg(p, e) ?? genUprobeArg(p, e);
    if (param) return param;
    const field = tracepointField(p, e);
    if (!field) {
      unsupported(p.m, `args->${e.field} without its tracepoint format (pass options.kernel)`, e.range);
      return i64(0);
    }
    const l = layoutOf(typeOf(p, e));
    if (isScalar(l) && [1, 2, 4, 8].includes(field.size)) {
      const t = `i${field.size * 8}`;
      const x = f.load(t, f.bytePtr(p.ctx, field.offset, t), field.size);
      // Extend by the checker's signedness (it may differ from the C type's: see typecheck's README).
      return f.intResize(x, I64, l.type === 'int' ? l.signed : field.signed);
    }
    const size = Math.max(field.size, layoutSize(l));
    const buf = zeroBuffer(f, size, 'field');
    callHelper(f, 'probe_read_kernel', I64, [buf, i64(Math.min(field.size, size)), f.bytePtr(p.ctx, field.offset, 'i8')]);
    return buf;
  }
  // Tuple element `t.0`.
  const base = typeOf(p, e.expr);
  if (base.tag === 'tuple' && /^\d+$/.test(e.field)) {
    const t = packFields(base.elems.map(layoutOf));
    const fl = t.fields[Number(e.field)];
    const buf = yield* gen(p, e.expr);
    if (!fl) return i64(0);
    if (isScalar(fl.layout)) return loadScalar(f, buf, fl.offset, fl.layout);
    return f.bytePtr(buf, fl.offset, 'i8');
  }
  const at = yield* addressOf(p, e);
  if (at) return readAt(p, e, at.addr, at.bits);
  // A member of a record value already on the stack (a variable, a map value).
  const fi = recordField(base, e.field);
  const buf = fi && base.tag === 'record' ? yield* gen(p, e.expr) : undefined;
  if (!fi || !buf || buf.type !== I8P) {
    unsupported(p.m, `field access '${e.field}'`, e.range);
    return i64(0);
  }
  const l = layoutOf(typeOf(p, e));
  if (!isScalar(l)) return f.bytePtr(buf, fi.offset, 'i8');
  const v = loadScalar(f, buf, fi.offset, l);
  const bits = bitsOf(fi);
  return bits ? extractBits(p, v, bits) : v;
}

export function* genArrayAccessS(p: ProbeCtx, e: ArrayAccess): Step<Value> {
  const at = yield* addressOf(p, e);
  if (at) return readAt(p, e, at.addr);
  // An element of an array value already on the stack (e.g. a tracepoint char[N] field).
  const base = typeOf(p, e.expr);
  const v = yield* gen(p, e.expr);
  const l = layoutOf(typeOf(p, e));
  if (v.type !== I8P || (base.tag !== 'array' && base.tag !== 'string')) {
    unsupported(p.m, 'this array access', e.range);
    return i64(0);
  }
  const count = base.tag === 'array' ? base.count : base.size;
  const size = layoutSize(l);
  // Clamp the index so the verifier sees the stack access in bounds.
  const idx = yield* gen(p, e.index);
  const safe = p.f.select(p.f.icmp('ult', idx, i64(count)), idx, i64(0));
  const elemAt = p.f.bytePtr(v, p.f.bin('mul', safe, i64(size)), 'i8');
  // An element that is itself an array or a record stays in place: `$b[1][0]`, `$w[0].a`.
  return isScalar(l) ? loadScalar(p.f, elemAt, 0, l) : elemAt;
}
