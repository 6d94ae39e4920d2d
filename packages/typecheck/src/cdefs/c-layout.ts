// Sizes and alignments of C types (x86_64 / LP64), and C's rules for placing record
// members: each at its alignment, bitfields packed into their type's storage unit,
// unions overlapping at 0, the whole rounded up to the largest alignment.
import type { CType, RecordField, RecordInfo } from '../kernel/kernel-info.js';

export type RecordLookup = (name: string) => RecordInfo | undefined;

export interface TypeLayout { size: number; align: number }

/** A record's alignment: its widest member's (kernel records carry no alignment). */
function recordAlign(rec: RecordInfo | undefined, lookup: RecordLookup, depth: number): number {
  if (!rec || depth > 16) return 1;
  let a = 1;
  for (const f of rec.fields) a = Math.max(a, layoutOf(f.type, lookup, depth + 1).align);
  return a;
}

export function layoutOf(t: CType, lookup: RecordLookup, depth = 0): TypeLayout {
  switch (t.kind) {
    case 'void': case 'func': return { size: 1, align: 1 };
    case 'bool': return { size: 1, align: 1 };
    case 'int': case 'enum': return { size: t.size, align: Math.max(1, Math.min(t.size, 16)) };
    case 'pointer': return { size: 8, align: 8 };
    case 'array': {
      const e = layoutOf(t.elem, lookup, depth + 1);
      return { size: e.size * t.count, align: e.align };
    }
    case 'record': {
      const rec = lookup(t.name);
      return { size: rec?.size ?? 0, align: recordAlign(rec, lookup, depth) };
    }
  }
}

export interface MemberDecl {
  /** Undefined for an anonymous struct/union member (its fields are lifted) or unnamed padding bitfield. */
  name?: string;
  type: CType;
  bits?: number;
}

const alignUp = (n: number, a: number) => Math.ceil(n / a) * a;

/** Lays out members as C does; anonymous record members' fields are lifted with adjusted offsets. */
export function layoutRecord(name: string, union: boolean, members: readonly MemberDecl[], lookup: RecordLookup, packed = false): RecordInfo {
  const fields: RecordField[] = [];
  let bit = 0;          // next free bit (structs)
  let size = 0;         // bytes (unions: max member size)
  let align = 1;
  for (const m of members) {
    const l = layoutOf(m.type, lookup);
    const a = packed ? 1 : l.align;
    if (m.bits !== undefined) {
      // A bitfield starts in the current storage unit of its type if it fits, else the next one.
      const unit = l.size * 8;
      let start = union ? 0 : bit;
      if (m.bits === 0) { bit = alignUp(bit, unit); continue; }
      if (!packed && Math.floor(start / unit) !== Math.floor((start + m.bits - 1) / unit)) start = alignUp(start, unit);
      if (m.name !== undefined) {
        fields.push({ name: m.name, offset: Math.floor(start / 8), type: m.type, bitOffset: start % 8, bitSize: m.bits });
        align = Math.max(align, a);
      }
      if (union) size = Math.max(size, Math.ceil(m.bits / 8));
      else bit = start + m.bits;
      continue;
    }
    const offset = union ? 0 : alignUp(Math.ceil(bit / 8), a);
    align = Math.max(align, a);
    if (m.name === undefined && m.type.kind === 'record') {
      for (const f of lookup(m.type.name)?.fields ?? []) fields.push({ ...f, offset: f.offset + offset });
    } else if (m.name !== undefined) {
      fields.push({ name: m.name, offset, type: m.type });
    }
    if (union) size = Math.max(size, l.size);
    else bit = (offset + l.size) * 8;
  }
  if (!union) size = Math.ceil(bit / 8);
  return { name, union, size: alignUp(size, align), fields };
}
