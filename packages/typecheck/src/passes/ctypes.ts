// Kernel C types (from BTF or tracepoint formats) and cast type names to SizedType.
import type { SizedType, TypeName } from '@bpftrace-ts/parser';
import type { CType, TracepointField, KernelInfo } from '../kernel/kernel-info.js';
import { int, str, U64 } from '../sized.js';

const bitsOf = (bytes: number): 8 | 16 | 32 | 64 =>
  bytes === 1 ? 8 : bytes === 2 ? 16 : bytes === 4 ? 32 : 64;

export function ctypeToSized(t: CType, kernel?: KernelInfo): SizedType {
  switch (t.kind) {
    case 'void': return { tag: 'none' };
    case 'bool': return int(8, false);
    case 'int': return int(bitsOf(t.size), t.signed);
    case 'enum': return int(bitsOf(t.size), false);
    case 'pointer': return { tag: 'pointer', to: ctypeToSized(t.to, kernel) };
    case 'array':
      if (t.elem.kind === 'int' && t.elem.size === 1) return str(t.count);
      return { tag: 'array', elem: ctypeToSized(t.elem, kernel), count: t.count };
    case 'record': {
      const name = `${t.union ? 'union' : 'struct'} ${t.name}`;
      return { tag: 'record', name, size: kernel?.record(t.name)?.size ?? 0 };
    }
    case 'func': return U64;
  }
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
    if (rec) base = { tag: 'record', name: m ? `${m[1]} ${plain}` : `struct ${plain}`, size: rec.size };
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
    case 'tuple': return t.elems.reduce((n, e) => n + Math.max(8, sizeOf(e)), 0);
    case 'agg': return 8;
    case 'special': return t.size;
  }
}
