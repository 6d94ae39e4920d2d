// Kernel C types (from BTF or tracepoint formats) and cast type names to SizedType.
import type { RecordMember, SizedType, TypeName } from '@bpftrace-ts/parser';
import type { CType, TracepointField, KernelInfo } from '../kernel/kernel-info.js';
import { layoutOf as cLayoutOf } from '../cdefs/c-layout.js';
import { int, str, U64 } from '../sized.js';

const bitsOf = (bytes: number): 8 | 16 | 32 | 64 =>
  bytes === 1 ? 8 : bytes === 2 ? 16 : bytes === 4 ? 32 : 64;

/**
 * A C type as the checker's type. A record held by value carries its members (so
 * codegen and the printer need no kernel lookup); one behind a pointer does not
 * (`shallow`), since the kernel's types point at each other in cycles: `->` and `*`
 * fill it in when a script follows the pointer (withMembers).
 */
export function ctypeToSized(t: CType, kernel?: KernelInfo, shallow = false): SizedType {
  switch (t.kind) {
    case 'void': return { tag: 'none' };
    case 'bool': return int(8, false);
    case 'int': return int(bitsOf(t.size), t.signed);
    case 'enum': return int(bitsOf(t.size), false);
    case 'pointer': return { tag: 'pointer', to: ctypeToSized(t.to, kernel, true) };
    case 'array':
      // Only plain `char` arrays are strings; `signed char`/`int8_t`/`u8` ones are arrays (as in 0.17).
      if (t.elem.kind === 'int' && t.elem.size === 1 && isPlainChar(t.elem.name)) return str(t.count);
      return { tag: 'array', elem: ctypeToSized(t.elem, kernel, shallow), count: t.count };
    case 'record': {
      const name = `${t.union ? 'union' : 'struct'} ${t.name}`;
      return recordType(name, kernel, !shallow);
    }
    case 'func': return U64;
  }
}

const isPlainChar = (name: string) => /^((const|volatile)\s+)*char$/.test(name.trim());

const plainName = (name: string) => name.replace(/^(struct|union)\s+/, '');

/** Records with their members, built once per kernel view (task_struct's are many). */
const expanded = new WeakMap<KernelInfo, Map<string, SizedType>>();

/** A record type by its C name (`struct foo`), with its members unless `members` is false. */
export function recordType(name: string, kernel: KernelInfo | undefined, members: boolean): SizedType {
  if (!members || !kernel) return buildRecord(name, kernel, members);
  let cache = expanded.get(kernel);
  if (!cache) expanded.set(kernel, (cache = new Map()));
  let t = cache.get(name);
  if (!t) cache.set(name, (t = buildRecord(name, kernel, true)));
  return t;
}

function buildRecord(name: string, kernel: KernelInfo | undefined, members: boolean): SizedType {
  const info = kernel?.record(plainName(name));
  const lookup = (n: string) => kernel?.record(n);
  const align = info ? cLayoutOf({ kind: 'record', union: info.union, name: plainName(name) }, lookup).align : undefined;
  const t: SizedType = { tag: 'record', name, size: info?.size ?? 0, ...(align ? { align } : {}) };
  if (!members || !info) return t;
  const fields: RecordMember[] = info.fields.map((f) => ({
    name: f.name, offset: f.offset, type: ctypeToSized(f.type, kernel),
    ...(f.bitSize !== undefined ? { bitOffset: f.bitOffset ?? 0, bitSize: f.bitSize } : {}),
  }));
  return { ...t, fields };
}

/** `t` itself, or for a record without its members, the record with them. */
export function withMembers(t: SizedType, kernel: KernelInfo): SizedType {
  return t.tag === 'record' && !t.fields ? recordType(t.name, kernel, true) : t;
}

/**
 * A tracepoint field's type as bpftrace 0.17 sees it: integers take the size the
 * format file gives (bpftrace widens `int` fields stored in 8 bytes to 64 bits),
 * char arrays are strings, `__data_loc` fields are the 32-bit location word.
 */
export function tracepointFieldType(f: TracepointField, kernel?: KernelInfo): SizedType {
  if (f.typeText.includes('__data_loc')) return int(32, false);
  switch (f.type.kind) {
    case 'int': case 'enum': case 'bool':
      return int(bitsOf(f.size), f.signed);
    default:
      return ctypeToSized(f.type, kernel);
  }
}

const NAMED_INTS: Record<string, SizedType> = {
  int8: int(8, true), int16: int(16, true), int32: int(32, true), int64: int(64, true),
  uint8: int(8, false), uint16: int(16, false), uint32: int(32, false), uint64: int(64, false),
  char: int(8, true), 'unsigned char': int(8, false), 'signed char': int(8, true),
  short: int(16, true), 'unsigned short': int(16, false),
  int: int(32, true), 'unsigned int': int(32, false), unsigned: int(32, false), 'signed int': int(32, true),
  long: int(64, true), 'unsigned long': int(64, false), 'long long': int(64, true), 'unsigned long long': int(64, false),
  u8: int(8, false), u16: int(16, false), u32: int(32, false), u64: int(64, false),
  s8: int(8, true), s16: int(16, true), s32: int(32, true), s64: int(64, true),
  bool: int(8, false), void: { tag: 'none' },
};

/** Resolve a cast/sizeof type name. Returns undefined for an unknown struct/union. */
export function resolveTypeName(tn: TypeName, kernel: KernelInfo): SizedType | undefined {
  let base: SizedType | undefined = NAMED_INTS[tn.base.trim()];
  if (!base) {
    const m = /^(struct|union)\s+(\w+)$/.exec(tn.base.trim());
    const plain = m ? m[2]! : tn.base.trim();
    const rec = kernel.record(plain);
    if (rec) base = recordType(m ? `${m[1]} ${plain}` : `struct ${plain}`, kernel, tn.pointerDepth === 0);
    else if (!m && kernel.typedef) {
      const td = kernel.typedef(plain);
      if (td) base = ctypeToSized(td, kernel);
    }
  }
  if (!base) return undefined;
  let t = base;
  for (let i = 0; i < tn.pointerDepth; i++) t = { tag: 'pointer', to: t };
  if (tn.arrayLength !== undefined) t = { tag: 'array', elem: t, count: tn.arrayLength };
  return t;
}

/** Byte size of a type (for sizeof and layouts). */
export function sizeOf(t: SizedType): number {
  switch (t.tag) {
    case 'none': return 0;
    case 'int': return t.bits / 8;
    case 'string': return t.size;
    case 'pointer': return 8;
    case 'record': return t.size;
    case 'array': return sizeOf(t.elem) * t.count;
    case 'tuple': return tupleShape(t).size;
    case 'agg': return 8;
    case 'special': return t.size;
  }
}

/** Alignment of a value of the type, as a member of a C struct (tuples are laid out as one). */
export function alignOf(t: SizedType): number {
  switch (t.tag) {
    case 'int': return t.bits / 8;
    case 'record': return t.align ?? 1;
    case 'array': return alignOf(t.elem);
    case 'tuple': return tupleShape(t).align;
    case 'string': case 'none': return 1;
    case 'special': return t.kind === 'buffer' || t.kind === 'inet' || t.kind === 'mac_address' ? 1 : 8;
    default: return 8;
  }
}

/**
 * A tuple type's size and alignment, computed once per type object: nested tuples would
 * otherwise be re-measured at every level (cubic in the nesting), and the checker
 * measures each level once, inner first, so the nesting never recurses deep here.
 */
const shapes = new WeakMap<SizedType, { size: number; align: number }>();
function tupleShape(t: Extract<SizedType, { tag: 'tuple' }>): { size: number; align: number } {
  let shape = shapes.get(t);
  if (!shape) shapes.set(t, (shape = { size: tupleOffsets(t.elems).size, align: Math.max(1, ...t.elems.map(alignOf)) }));
  return shape;
}

/** Where a tuple's elements sit: like a C struct's members, each at its alignment. */
export function tupleOffsets(elems: readonly SizedType[]): { offsets: number[]; size: number } {
  let off = 0;
  let a = 1;
  const offsets = elems.map((e) => {
    const align = alignOf(e);
    a = Math.max(a, align);
    off = Math.ceil(off / align) * align;
    const at = off;
    off += sizeOf(e);
    return at;
  });
  return { offsets, size: Math.ceil(off / a) * a };
}
