// From the checker's SizedType to the manifest's ValueLayout, with C-like
// alignment. Alignment matters beyond the runtime: the verifier rejects
// misaligned stack accesses, so every field sits at its natural alignment.

import type { SizedType } from '@bpftrace-ts/parser';
import { FunctionBuilder, I64, Value, intType, isPtr } from './ir-builder.js';
import { layoutSize, type ValueLayout } from './manifest.js';
import { stackLayoutOf } from './stacks.js';

export function layoutOf(t: SizedType | undefined): ValueLayout {
  if (!t) return { type: 'int', size: 8, signed: true };
  switch (t.tag) {
    case 'none': return { type: 'none' };
    case 'int': return { type: 'int', size: (t.bits / 8) as 1 | 2 | 4 | 8, signed: t.signed };
    case 'string': return { type: 'string', size: t.size };
    case 'pointer': return { type: 'int', size: 8, signed: false };
    case 'record': {
      if (!t.fields) return { type: 'buffer', size: t.size };
      const fields = t.fields.map((m) => ({
        name: m.name, offset: m.offset, layout: layoutOf(m.type),
        ...(m.bitSize !== undefined ? { bits: { offset: m.bitOffset ?? 0, size: m.bitSize } } : {}),
      }));
      return { type: 'record', size: t.size, align: t.align ?? 1, fields };
    }
    case 'array': {
      const elem = layoutOf(t.elem);
      return { type: 'array', size: layoutSize(elem) * t.count, count: t.count, elem };
    }
    case 'agg': return { type: 'int', size: 8, signed: t.signed };
    case 'tuple': return packFields(t.elems.map(layoutOf));
    case 'special':
      switch (t.kind) {
        case 'probe': return { type: 'probe' };
        case 'ksym': return { type: 'ksym' };
        // usym() and `func` in uprobes: 16 bytes (address, pid), the pid for /proc/PID/maps.
        case 'usym': return { type: 'usym', pidOffset: 8 };
        case 'kstack': case 'ustack': return stackLayoutOf(t);
        case 'username': return { type: 'username' };
        case 'inet': return { type: 'inet', size: t.size };
        case 'mac_address': return { type: 'mac_address' };
        case 'timestamp': return { type: 'timestamp' };
        case 'cgroup_path': return { type: 'cgroup_path' };
        case 'strerror': return { type: 'strerror' };
        // The checker counts a length byte (n + 1); the buffer layout is the n data bytes.
        case 'buffer': return { type: 'buffer', size: Math.max(1, t.size - 1) };
        case 'void': return { type: 'none' };
        default: return { type: 'int', size: 8, signed: false };
      }
  }
}

export function alignOf(l: ValueLayout): number {
  switch (l.type) {
    case 'int': return l.size;
    case 'string': case 'buffer': case 'inet': case 'mac_address': return 1;
    case 'none': return 1;
    case 'tuple': return Math.max(1, ...l.fields.map((f) => alignOf(f.layout)));
    case 'record': return l.align;
    case 'array': return alignOf(l.elem);
    default: return 8;
  }
}

export function alignUp(n: number, a: number): number {
  return Math.ceil(n / a) * a;
}

/** Lay fields out like a C struct: each at its alignment, size rounded to the largest. */
export function packFields(layouts: ValueLayout[], start = 0): Extract<ValueLayout, { type: 'tuple' }> {
  let off = start;
  let maxAlign = 1;
  const fields = layouts.map((layout) => {
    const a = alignOf(layout);
    maxAlign = Math.max(maxAlign, a);
    off = alignUp(off, a);
    const f = { offset: off, layout };
    off += layoutSize(layout);
    return f;
  });
  return { type: 'tuple', size: alignUp(off, maxAlign), fields };
}

/** True when values of this type live in registers (as i64) rather than in stack buffers. */
export function isScalar(l: ValueLayout): boolean {
  if (l.type === 'usym' || l.type === 'ustack') return l.pidOffset === undefined;
  return !(l.type === 'string' || l.type === 'buffer' || l.type === 'inet' || l.type === 'tuple' || l.type === 'none' ||
    l.type === 'record' || l.type === 'array' ||
    l.type === 'mac_address' || l.type === 'timestamp' || l.type === 'cgroup_path');
}

/**
 * Write `v` into `dst + offset` as `layout` says: scalars (i64 in registers)
 * are truncated to their size; composites (pointers to a buffer) are copied.
 */
export function storeAs(f: FunctionBuilder, dst: Value, offset: number, v: Value, layout: ValueLayout): void {
  const size = layoutSize(layout);
  if (size === 0) return;
  if (isScalar(layout)) {
    const t = intType(size);
    const x = isPtr(v.type) ? f.cast('ptrtoint', v, I64) : v;
    f.store(f.intResize(x, t, false), f.bytePtr(dst, offset, t), Math.min(size, 8));
  } else {
    f.memcpy(f.bytePtr(dst, offset, 'i8'), v, size);
  }
}

/**
 * Store `v`, a value laid out as `from`, into `dst + offset` laid out as `to`.
 * The two differ when the checker widened a map's or variable's type beyond
 * one assignment's (strings at their longest size, tuples of those): strings
 * and buffers copy the shorter length (`dst` is zeroed, so the rest is NUL
 * padding), tuples convert field by field, scalars are truncated to size.
 */
export function storeConverted(f: FunctionBuilder, dst: Value, offset: number, v: Value, from: ValueLayout, to: ValueLayout): void {
  if (isScalar(to)) {
    // A composite source where a scalar is expected should not happen; read its first word.
    const x = isScalar(from) ? v : loadScalar(f, v, 0, { type: 'int', size: 8, signed: false });
    storeAs(f, dst, offset, x, to);
    return;
  }
  if (to.type === 'tuple' && from.type === 'tuple' && to.fields.length === from.fields.length) {
    to.fields.forEach((tf, i) => {
      const ff = from.fields[i];
      const src = isScalar(ff.layout) ? loadScalar(f, v, ff.offset, ff.layout) : f.bytePtr(v, ff.offset, 'i8');
      storeConverted(f, dst, offset + tf.offset, src, ff.layout, tf.layout);
    });
    return;
  }
  if (isScalar(from) || v.type === I64) return; // no bytes to copy from a register value
  const n = Math.min(layoutSize(from), layoutSize(to));
  if (n > 0) f.memcpy(f.bytePtr(dst, offset, 'i8'), v, n);
}

/** Read a scalar of `layout` at `src + offset` into an i64, extended by its signedness. */
export function loadScalar(f: FunctionBuilder, src: Value, offset: number, layout: ValueLayout): Value {
  const size = layoutSize(layout) || 8;
  const t = intType(size);
  const x = f.load(t, f.bytePtr(src, offset, t), Math.min(size, 8));
  return f.intResize(x, I64, layout.type === 'int' && layout.signed);
}
