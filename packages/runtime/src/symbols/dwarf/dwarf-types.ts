// The type level of our DWARF reader: a binary's functions (parameters, in order, with
// their types), structs/unions and typedefs, as the checker's CType/RecordInfo/FuncProto
// (the same contract BTF fills for the kernel). One pass indexes the names of the DIEs at
// file scope (children are skipped by DW_AT_sibling); a DIE is read in full only when a
// script asks for it.

import type { BinaryTypes, CType, FuncProto, RecordField, RecordInfo } from '@bpftrace-ts/typecheck';
import { childrenOf, readDie, readUnits, walkUnit, type AttrValue, type Die, type DwarfSections, type Unit } from './dwarf-units.js';

const TAG = {
  array: 0x01, class: 0x02, enum: 0x04, formal: 0x05, member: 0x0d, pointer: 0x0f, reference: 0x10,
  struct: 0x13, subroutine: 0x15, typedef: 0x16, union: 0x17, unspecified: 0x18, subrange: 0x21,
  base: 0x24, const: 0x26, subprogram: 0x2e, volatile: 0x35, restrict: 0x37, atomic: 0x47,
} as const;
const AT = {
  name: 0x03, byteSize: 0x0b, bitOffset: 0x0c, bitSize: 0x0d, upperBound: 0x2f, abstractOrigin: 0x31,
  count: 0x37, dataMemberLocation: 0x38, declaration: 0x3c, encoding: 0x3e, specification: 0x47,
  type: 0x49, dataBitOffset: 0x6b,
} as const;
// DW_ATE_*
const ATE = { boolean: 0x02, float: 0x04, signed: 0x05, signedChar: 0x06 } as const;
const DW_OP_PLUS_UCONST = 0x23;

const ANON_PREFIX = '(anonymous)@';

const num = (v: AttrValue | undefined): number | undefined => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : undefined);
const str = (v: AttrValue | undefined): string | undefined => (typeof v === 'string' ? v : undefined);
const ref = (v: AttrValue | undefined): number | undefined => (v !== undefined && typeof v === 'object' && 'ref' in v ? v.ref : undefined);

/** The bytes of an unsigned LEB128 at `at` of `b`. */
function uleb(b: Uint8Array, at: number): number {
  let result = 0, mul = 1;
  for (let i = at; i < b.length; i++) {
    result += (b[i]! & 0x7f) * mul;
    if (!(b[i]! & 0x80)) break;
    mul *= 128;
  }
  return result;
}

/** Names at file scope of one unit (or of all): DIE offsets by name. */
interface Names { funcs: Map<string, number>; records: Map<string, number>; typedefs: Map<string, number> }

const emptyNames = (): Names => ({ funcs: new Map(), records: new Map(), typedefs: new Map() });

/** Where to look first for a function: its ELF symbol's address and `.debug_aranges`' unit for it. */
export interface FunctionHints {
  /** The address of the ELF symbol `name` (st_value), when the binary has one. */
  symbolAddress(name: string): bigint | undefined;
  /** The offset in .debug_info of the unit covering `addr`, from .debug_aranges. */
  unitAt(addr: bigint): number | undefined;
}

export class DwarfTypes implements BinaryTypes {
  private readonly units: Unit[];
  private readonly unitNames = new Map<number, Names>();
  /** Units whose names were read, in the order a lookup needed them (searched before the whole index). */
  private readonly visited: Names[] = [];
  private index?: Names;
  private readonly dies = new Map<number, Die | undefined>();
  private readonly types = new Map<number, CType>();

  constructor(private readonly s: DwarfSections, private readonly hints?: FunctionHints) {
    this.units = readUnits(s);
  }

  hasDebugInfo(): boolean { return true; }

  /** Compile units read (for measurements). */
  get unitCount(): number { return this.units.length; }

  /** Builds the name index now (it is otherwise built on the first lookup that needs it); returns the number of names. */
  buildIndex(): number {
    const ix = this.names();
    return ix.funcs.size + ix.records.size + ix.typedefs.size;
  }

  /** The names at file scope of one unit (its DIEs' children are skipped). */
  private namesOf(u: Unit): Names {
    let n = this.unitNames.get(u.offset);
    if (n) return n;
    n = emptyNames();
    const names = n;
    walkUnit(this.s, u, (die, depth) => {
      if (depth === 0) return true;
      const name = str(die.attrs.get(AT.name));
      if (name && !die.attrs.has(AT.declaration)) {
        const map = die.tag === TAG.subprogram ? names.funcs
          : die.tag === TAG.struct || die.tag === TAG.union || die.tag === TAG.class ? names.records
            : die.tag === TAG.typedef ? names.typedefs : undefined;
        if (map && !map.has(name)) map.set(name, die.offset);
      }
      return false;
    });
    this.unitNames.set(u.offset, n);
    this.visited.push(n);
    return n;
  }

  /** Every unit's names; the first definition of a name wins. */
  private names(): Names {
    if (this.index) return this.index;
    const all = emptyNames();
    for (const u of this.units) {
      const n = this.namesOf(u);
      for (const k of ['funcs', 'records', 'typedefs'] as const) for (const [name, at] of n[k]) if (!all[k].has(name)) all[k].set(name, at);
    }
    return (this.index = all);
  }

  /** A name in the units read so far, else in the whole index. */
  private lookup(kind: keyof Names, name: string): number | undefined {
    for (const n of this.visited) { const at = n[kind].get(name); if (at !== undefined) return at; }
    return this.index ? undefined : this.names()[kind].get(name);
  }

  /** A function's DIE: first in the unit .debug_aranges gives for its symbol's address (as libdw finds it). */
  private funcDie(name: string): number | undefined {
    const addr = this.hints?.symbolAddress(name);
    const unitOffset = addr !== undefined ? this.hints!.unitAt(addr) : undefined;
    const u = unitOffset !== undefined ? this.units.find((x) => x.offset === unitOffset) : undefined;
    const at = u ? this.namesOf(u).funcs.get(name) : undefined;
    return at ?? this.lookup('funcs', name);
  }

  private unitOf(offset: number): Unit | undefined {
    let lo = 0, hi = this.units.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const u = this.units[mid]!;
      if (offset < u.offset) hi = mid - 1;
      else if (offset >= u.end) lo = mid + 1;
      else return u;
    }
    return undefined;
  }

  private die(offset: number): Die | undefined {
    if (this.dies.has(offset)) return this.dies.get(offset);
    const u = this.unitOf(offset);
    const d = u ? readDie(this.s, u, offset) : undefined;
    this.dies.set(offset, d);
    return d;
  }

  private children(d: Die): Die[] {
    const u = this.unitOf(d.offset);
    return u ? childrenOf(this.s, u, d) : [];
  }

  /** An attribute of a DIE, or of the DIE it completes (DW_AT_specification, DW_AT_abstract_origin). */
  private attr(d: Die, at: number, depth = 0): AttrValue | undefined {
    const v = d.attrs.get(at);
    if (v !== undefined || depth > 4) return v;
    const origin = ref(d.attrs.get(AT.abstractOrigin)) ?? ref(d.attrs.get(AT.specification));
    const o = origin !== undefined ? this.die(origin) : undefined;
    return o ? this.attr(o, at, depth + 1) : undefined;
  }

  /** The CType of the type DIE at `offset` (undefined offset: void). */
  cType(offset: number | undefined, depth = 0): CType {
    if (offset === undefined) return { kind: 'void' };
    let t = this.types.get(offset);
    if (!t) {
      t = this.compute(offset, depth);
      this.types.set(offset, t);
    }
    return t;
  }

  private compute(offset: number, depth: number): CType {
    const d = this.die(offset);
    if (!d || depth > 64) return { kind: 'void' };
    const inner = () => this.cType(ref(d.attrs.get(AT.type)), depth + 1);
    const size = num(d.attrs.get(AT.byteSize)) ?? 0;
    switch (d.tag) {
      case TAG.base: {
        const enc = num(d.attrs.get(AT.encoding));
        if (enc === ATE.boolean) return { kind: 'bool' };
        // CType has no float: keep its layout as opaque bytes (as for BTF).
        if (enc === ATE.float) return { kind: 'array', elem: { kind: 'int', name: 'u8', size: 1, signed: false }, count: size };
        return { kind: 'int', name: str(d.attrs.get(AT.name)) ?? '', size, signed: enc === ATE.signed || enc === ATE.signedChar };
      }
      case TAG.pointer: case TAG.reference: return { kind: 'pointer', to: inner() };
      case TAG.typedef: case TAG.const: case TAG.volatile: case TAG.restrict: case TAG.atomic: return inner();
      case TAG.struct: case TAG.union: case TAG.class:
        return { kind: 'record', union: d.tag === TAG.union, name: str(d.attrs.get(AT.name)) ?? `${ANON_PREFIX}${offset}` };
      case TAG.enum: return { kind: 'enum', name: str(d.attrs.get(AT.name)) ?? '', size: size || 4 };
      case TAG.subroutine: return { kind: 'func' };
      case TAG.array: {
        // `int m[2][3]`: one subrange per dimension, the last one innermost.
        const counts = this.children(d).filter((c) => c.tag === TAG.subrange).map((c) => {
          const count = num(c.attrs.get(AT.count));
          if (count !== undefined) return count;
          const upper = num(c.attrs.get(AT.upperBound));
          return upper !== undefined ? upper + 1 : 0;
        });
        let t = inner();
        for (const count of (counts.length ? counts : [0]).reverse()) t = { kind: 'array', elem: t, count };
        return t;
      }
      default: return { kind: 'void' };
    }
  }

  /** C type text as bpftrace 0.17 prints a parameter's type in `-lv` (libdw's view: qualifiers other than const are unknown). */
  typeText(offset: number | undefined, depth = 0): string {
    if (offset === undefined) return 'void';
    const d = this.die(offset);
    if (!d || depth > 32) return '<unknown type>';
    const name = str(d.attrs.get(AT.name)) ?? '';
    const inner = ref(d.attrs.get(AT.type));
    switch (d.tag) {
      case TAG.base: case TAG.typedef: return name;
      case TAG.struct: case TAG.class: return `struct ${name}`;
      case TAG.union: return `union ${name}`;
      case TAG.enum: return `enum ${name}`;
      case TAG.pointer: return `${this.typeText(inner, depth + 1)}*`;
      case TAG.const: return `const ${this.typeText(inner, depth + 1)}`;
      default: return '<unknown type>';
    }
  }

  functionNames(): string[] { return [...this.names().funcs.keys()]; }

  func(name: string): FuncProto | undefined {
    const at = this.funcDie(name);
    const d = at !== undefined ? this.die(at) : undefined;
    if (!d) return undefined;
    const params: FuncProto['params'] = [];
    let variadic = false;
    for (const c of this.children(d)) {
      if (c.tag === TAG.unspecified) variadic = true;
      if (c.tag !== TAG.formal) continue;
      const type = ref(this.attr(c, AT.type));
      params.push({ name: str(this.attr(c, AT.name)) ?? '', type: this.cType(type), typeText: this.typeText(type) });
    }
    const proto: FuncProto = { name, params, ret: this.cType(ref(this.attr(d, AT.type))) };
    if (variadic) proto.variadic = true;
    return proto;
  }

  record(name: string): RecordInfo | undefined {
    let offset: number | undefined;
    if (name.startsWith(ANON_PREFIX)) offset = Number(name.slice(ANON_PREFIX.length));
    else offset = this.lookup('records', name);
    const d = offset !== undefined && Number.isInteger(offset) ? this.die(offset) : undefined;
    if (!d || (d.tag !== TAG.struct && d.tag !== TAG.union && d.tag !== TAG.class)) return undefined;
    const fields: RecordField[] = [];
    this.collectFields(d, 0, fields, 0);
    return { name, union: d.tag === TAG.union, size: num(d.attrs.get(AT.byteSize)) ?? 0, fields };
  }

  /** Members of `d` at byte `base`; members of anonymous struct/union members are lifted, as C makes them accessible. */
  private collectFields(d: Die, base: number, out: RecordField[], depth: number): void {
    for (const m of this.children(d)) {
      if (m.tag !== TAG.member) continue;
      const typeOffset = ref(m.attrs.get(AT.type));
      const type = this.cType(typeOffset);
      const name = str(m.attrs.get(AT.name));
      const loc = m.attrs.get(AT.dataMemberLocation);
      // A constant, or (DWARF 2/3) an expression DW_OP_plus_uconst N.
      let offset = num(loc) ?? (loc instanceof Uint8Array && loc[0] === DW_OP_PLUS_UCONST ? uleb(loc, 1) : 0);
      const bitSize = num(m.attrs.get(AT.bitSize));
      let bitOffset: number | undefined;
      if (bitSize !== undefined) {
        const dbo = num(m.attrs.get(AT.dataBitOffset));
        if (dbo !== undefined) { offset = Math.floor(dbo / 8); bitOffset = dbo % 8; }
        else {
          // DWARF 2/3: bit_offset counts from the most significant bit of a byte_size storage unit.
          const unit = (num(m.attrs.get(AT.byteSize)) ?? 4) * 8;
          const fromLsb = offset * 8 + unit - (num(m.attrs.get(AT.bitOffset)) ?? 0) - bitSize;
          offset = Math.floor(fromLsb / 8); bitOffset = fromLsb % 8;
        }
      }
      if (!name) {
        if (type.kind === 'record' && depth < 32) {
          const inner = typeOffset !== undefined ? this.recordDie(typeOffset) : undefined;
          if (inner) this.collectFields(inner, base + offset, out, depth + 1);
        }
        continue;
      }
      const f: RecordField = { name, offset: base + offset, type };
      if (bitSize !== undefined) { f.bitOffset = bitOffset ?? 0; f.bitSize = bitSize; }
      out.push(f);
    }
  }

  /** The struct/union DIE a type reference names, through typedefs and qualifiers. */
  private recordDie(offset: number): Die | undefined {
    for (let i = 0; i < 16; i++) {
      const d = this.die(offset);
      if (!d) return undefined;
      if (d.tag === TAG.struct || d.tag === TAG.union || d.tag === TAG.class) return d;
      const next = ref(d.attrs.get(AT.type));
      if (next === undefined) return undefined;
      offset = next;
    }
    return undefined;
  }

  typedef(name: string): CType | undefined {
    const at = this.lookup('typedefs', name);
    return at !== undefined ? this.cType(at) : undefined;
  }
}
