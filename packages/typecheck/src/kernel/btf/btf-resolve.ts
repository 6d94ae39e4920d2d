// Turns BTF type ids into the contract's CType, RecordInfo and FuncProto. Records are
// referenced by name (no cycles); anonymous ones get the name "(anonymous)#ID", which
// Btf.record() understands. Members of anonymous struct/union members are lifted into the
// enclosing record, as C makes them accessible.

import type { CType, FuncProto, RecordField, RecordInfo } from '../kernel-info.js';
import { BtfKind, INT_BOOL, INT_SIGNED } from './btf-layout.js';
import type { BtfTable } from './btf-table.js';

const ANON_PREFIX = '(anonymous)#';

export function anonRecordName(id: number): string { return `${ANON_PREFIX}${id}`; }

/** The id in an "(anonymous)#ID" name, or undefined. */
export function anonRecordId(name: string): number | undefined {
  if (!name.startsWith(ANON_PREFIX)) return undefined;
  const id = Number(name.slice(ANON_PREFIX.length));
  return Number.isInteger(id) && id > 0 ? id : undefined;
}

export class BtfResolver {
  private readonly cache = new Map<number, CType>();

  constructor(private readonly t: BtfTable) {}

  /** Follows typedefs and qualifiers (const, volatile, restrict, type tags). */
  skipAliases(id: number): number {
    for (let guard = 0; guard < 64; guard++) {
      const k = this.t.kind(id);
      if (k !== BtfKind.Typedef && k !== BtfKind.Const && k !== BtfKind.Volatile &&
          k !== BtfKind.Restrict && k !== BtfKind.TypeTag) return id;
      id = this.t.sizeOrType(id);
    }
    return 0;
  }

  cType(id: number): CType {
    let c = this.cache.get(id);
    if (!c) { c = this.compute(id, 0); this.cache.set(id, c); }
    return c;
  }

  private compute(id: number, depth: number): CType {
    if (depth > 64) return { kind: 'void' };
    const t = this.t;
    switch (t.kind(id)) {
      case BtfKind.Int: {
        const enc = t.u32(t.dataAt(id));
        const encoding = (enc >>> 24) & 0x0f;
        if (encoding & INT_BOOL) return { kind: 'bool' };
        return { kind: 'int', name: t.name(id), size: t.sizeOrType(id), signed: (encoding & INT_SIGNED) !== 0 };
      }
      case BtfKind.Ptr: return { kind: 'pointer', to: this.compute(t.sizeOrType(id), depth + 1) };
      case BtfKind.Array: {
        const at = t.dataAt(id);
        return { kind: 'array', elem: this.compute(t.u32(at), depth + 1), count: t.u32(at + 8) };
      }
      case BtfKind.Struct: case BtfKind.Union:
        return { kind: 'record', union: t.kind(id) === BtfKind.Union, name: t.name(id) || anonRecordName(id) };
      case BtfKind.Fwd: return { kind: 'record', union: t.kindFlag(id), name: t.name(id) };
      case BtfKind.Enum: case BtfKind.Enum64: return { kind: 'enum', name: t.name(id), size: t.sizeOrType(id) };
      case BtfKind.Typedef: case BtfKind.Const: case BtfKind.Volatile: case BtfKind.Restrict: case BtfKind.TypeTag:
        return this.compute(t.sizeOrType(id), depth + 1);
      case BtfKind.FuncProto: case BtfKind.Func: return { kind: 'func' };
      // CType has no float: keep its layout as opaque bytes.
      case BtfKind.Float:
        return { kind: 'array', elem: { kind: 'int', name: 'u8', size: 1, signed: false }, count: t.sizeOrType(id) };
      default: return { kind: 'void' }; // void (0), VAR, DATASEC, DECL_TAG: not value types
    }
  }

  /** A STRUCT or UNION as RecordInfo; undefined for other kinds. */
  record(id: number): RecordInfo | undefined {
    const t = this.t;
    const kind = t.kind(id);
    if (kind !== BtfKind.Struct && kind !== BtfKind.Union) return undefined;
    const fields: RecordField[] = [];
    this.collectFields(id, 0, fields, 0);
    return { name: t.name(id) || anonRecordName(id), union: kind === BtfKind.Union, size: t.sizeOrType(id), fields };
  }

  private collectFields(id: number, baseBits: number, out: RecordField[], depth: number): void {
    const t = this.t;
    const bitfieldEncoding = t.kindFlag(id);
    const vlen = t.vlen(id);
    let at = t.dataAt(id);
    for (let i = 0; i < vlen; i++, at += 12) {
      const name = t.str(t.u32(at));
      const typeId = t.u32(at + 4);
      const raw = t.u32(at + 8);
      // With kind_flag set, offset packs (bitfield_size << 24 | bit_offset).
      const bitSize = bitfieldEncoding ? raw >>> 24 : 0;
      const bits = baseBits + (bitfieldEncoding ? raw & 0xffffff : raw);
      const target = this.skipAliases(typeId);
      const targetKind = t.kind(target);
      if (!name && (targetKind === BtfKind.Struct || targetKind === BtfKind.Union) && depth < 32) {
        this.collectFields(target, bits, out, depth + 1);
        continue;
      }
      const field: RecordField = { name, offset: bits >>> 3, type: this.cType(typeId) };
      if (bitSize > 0) { field.bitOffset = bits & 7; field.bitSize = bitSize; }
      out.push(field);
    }
  }

  /** A FUNC (by its id) with its FUNC_PROTO's parameters and return type. */
  funcProto(funcId: number): FuncProto | undefined {
    const t = this.t;
    if (t.kind(funcId) !== BtfKind.Func) return undefined;
    const proto = t.sizeOrType(funcId);
    if (t.kind(proto) !== BtfKind.FuncProto) return undefined;
    const params: FuncProto['params'] = [];
    let variadic = false;
    let at = t.dataAt(proto);
    for (let i = 0, n = t.vlen(proto); i < n; i++, at += 8) {
      const typeId = t.u32(at + 4);
      // A last parameter of type 0 (void) with no name marks "...".
      if (typeId === 0 && i === n - 1) { variadic = true; continue; }
      params.push({ name: t.str(t.u32(at)), type: this.cType(typeId) });
    }
    const fp: FuncProto = { name: t.name(funcId), params, ret: this.cType(t.sizeOrType(proto)) };
    if (variadic) fp.variadic = true;
    return fp;
  }

  /** The value of enumerator `index` of an ENUM or ENUM64, honouring its signedness flag. */
  enumerator(id: number, index: number): { name: string; value: bigint } {
    const t = this.t;
    const signed = t.kindFlag(id);
    if (t.kind(id) === BtfKind.Enum) {
      const at = t.dataAt(id) + index * 8;
      return { name: t.str(t.u32(at)), value: BigInt(signed ? t.i32(at + 4) : t.u32(at + 4)) };
    }
    const at = t.dataAt(id) + index * 12;
    const v = (BigInt(t.u32(at + 8)) << 32n) | BigInt(t.u32(at + 4));
    return { name: t.str(t.u32(at)), value: signed ? BigInt.asIntN(64, v) : v };
  }
}
