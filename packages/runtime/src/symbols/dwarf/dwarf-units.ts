// The low level of our DWARF reader (versions 2 to 5, 32- and 64-bit offsets): compile
// unit headers, abbreviation tables and DIEs with their attribute values, read from the
// debug sections of an ELF image. Only what uprobe argument and type lookup needs: no
// location lists, line tables, split DWARF or type units (.debug_types).

export interface DwarfSections {
  info: Uint8Array;
  abbrev: Uint8Array;
  str?: Uint8Array;
  lineStr?: Uint8Array;
  strOffsets?: Uint8Array;
}

/** An attribute value: a number (constants, flags, section offsets), a string, or a DIE reference. */
export type AttrValue = number | bigint | string | { ref: number } | Uint8Array;

export interface Die {
  /** Offset in .debug_info (what references point at). */
  offset: number;
  tag: number;
  attrs: Map<number, AttrValue>;
  hasChildren: boolean;
  /** Offset just past this DIE's attributes (its first child, when it has children). */
  end: number;
}

interface AbbrevAttr { name: number; form: number; implicit?: number }
interface Abbrev { tag: number; hasChildren: boolean; attrs: AbbrevAttr[] }

export interface Unit {
  offset: number;
  /** Offset of the unit's first DIE. */
  dieStart: number;
  /** Offset past the unit. */
  end: number;
  version: number;
  offsetSize: 4 | 8;
  addrSize: number;
  abbrevOffset: number;
  /** Read on first use (a big library has thousands of units; a lookup reads a few). */
  abbrevs?: Map<number, Abbrev>;
  /** DW_AT_str_offsets_base of the unit DIE, read on the first strx form. */
  strOffsetsBase?: number;
  /** Abbreviation tables by offset, shared by the units of one file. */
  abbrevCache: Map<number, Map<number, Abbrev>>;
}

// Forms (DWARF 5 section 7.5.6) and the GNU extensions gcc may emit.
const F = {
  addr: 0x01, block2: 0x03, block4: 0x04, data2: 0x05, data4: 0x06, data8: 0x07, string: 0x08, block: 0x09,
  block1: 0x0a, data1: 0x0b, flag: 0x0c, sdata: 0x0d, strp: 0x0e, udata: 0x0f, refAddr: 0x10, ref1: 0x11,
  ref2: 0x12, ref4: 0x13, ref8: 0x14, refUdata: 0x15, indirect: 0x16, secOffset: 0x17, exprloc: 0x18,
  flagPresent: 0x19, strx: 0x1a, addrx: 0x1b, refSup4: 0x1c, strpSup: 0x1d, data16: 0x1e, lineStrp: 0x1f,
  refSig8: 0x20, implicitConst: 0x21, loclistx: 0x22, rnglistx: 0x23, refSup8: 0x24, strx1: 0x25, strx2: 0x26,
  strx3: 0x27, strx4: 0x28, addrx1: 0x29, addrx2: 0x2a, addrx3: 0x2b, addrx4: 0x2c,
  gnuAddrIndex: 0x1f01, gnuStrIndex: 0x1f02, gnuRefAlt: 0x1f20, gnuStrpAlt: 0x1f21,
} as const;

const AT_STR_OFFSETS_BASE = 0x72;

export class DwarfError extends Error {}

/** A little-endian cursor over one section. */
class Cursor {
  private readonly dv: DataView;
  constructor(readonly b: Uint8Array, public pos = 0) {
    this.dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  private need(n: number): void {
    if (this.pos + n > this.b.length) throw new DwarfError(`truncated DWARF data at offset ${this.pos}`);
  }
  u8(): number { this.need(1); return this.b[this.pos++]!; }
  u16(): number { this.need(2); const v = this.dv.getUint16(this.pos, true); this.pos += 2; return v; }
  u24(): number { return this.u16() | (this.u8() << 16); }
  u32(): number { this.need(4); const v = this.dv.getUint32(this.pos, true); this.pos += 4; return v; }
  u64(): bigint { this.need(8); const v = this.dv.getBigUint64(this.pos, true); this.pos += 8; return v; }
  /** A u64 as a number when it fits exactly (offsets and sizes always do). */
  u64n(): number | bigint { const v = this.u64(); return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v; }
  uleb(): number {
    let result = 0, mul = 1, byte: number;
    do {
      byte = this.u8();
      result += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80);
    return result;
  }
  sleb(): number {
    let result = 0, mul = 1, byte: number;
    do {
      byte = this.u8();
      result += (byte & 0x7f) * mul;
      mul *= 128;
    } while (byte & 0x80);
    return byte & 0x40 ? result - mul : result;
  }
  offset(size: 4 | 8): number { return size === 4 ? this.u32() : Number(this.u64()); }
  skip(n: number): void { this.need(n); this.pos += n; }
  bytes(n: number): Uint8Array { this.need(n); const v = this.b.subarray(this.pos, this.pos + n); this.pos += n; return v; }
  cstr(): string {
    const start = this.pos;
    const end = this.b.indexOf(0, start);
    if (end < 0) throw new DwarfError(`unterminated string at offset ${start}`);
    this.pos = end + 1;
    return decoder.decode(this.b.subarray(start, end));
  }
}

const decoder = new TextDecoder();

function cstrAt(b: Uint8Array | undefined, off: number): string {
  if (!b || off >= b.length) return '';
  const end = b.indexOf(0, off);
  return decoder.decode(b.subarray(off, end < 0 ? b.length : end));
}

function readAbbrevs(abbrev: Uint8Array, offset: number): Map<number, Abbrev> {
  const c = new Cursor(abbrev, offset);
  const out = new Map<number, Abbrev>();
  for (;;) {
    const code = c.uleb();
    if (code === 0) return out;
    const tag = c.uleb();
    const hasChildren = c.u8() !== 0;
    const attrs: AbbrevAttr[] = [];
    for (;;) {
      const name = c.uleb(), form = c.uleb();
      if (name === 0 && form === 0) break;
      const a: AbbrevAttr = { name, form };
      if (form === F.implicitConst) a.implicit = c.sleb();
      attrs.push(a);
    }
    out.set(code, { tag, hasChildren, attrs });
  }
}

/** The compile (and partial) units of .debug_info, headers only. */
export function readUnits(s: DwarfSections): Unit[] {
  const units: Unit[] = [];
  const abbrevCache = new Map<number, Map<number, Abbrev>>();
  const c = new Cursor(s.info);
  while (c.pos + 11 <= s.info.length) {
    const offset = c.pos;
    let length = c.u32();
    let offsetSize: 4 | 8 = 4;
    if (length === 0xffffffff) { length = Number(c.u64()); offsetSize = 8; }
    const end = c.pos + length;
    if (end > s.info.length) throw new DwarfError(`unit at ${offset} runs past .debug_info`);
    const version = c.u16();
    let addrSize: number, abbrevOffset: number, unitType = 1;
    if (version >= 5) {
      unitType = c.u8();
      addrSize = c.u8();
      abbrevOffset = c.offset(offsetSize);
      if (unitType === 4 || unitType === 5) c.skip(8); // skeleton / split_compile: dwo_id
      else if (unitType === 2 || unitType === 6) c.skip(8 + offsetSize); // type units: signature, type offset
    } else if (version >= 2) {
      abbrevOffset = c.offset(offsetSize);
      addrSize = c.u8();
    } else {
      throw new DwarfError(`DWARF version ${version} is not supported`);
    }
    if (abbrevOffset >= s.abbrev.length) throw new DwarfError(`unit at ${offset} has its abbreviations past .debug_abbrev`);
    // Type units hold types by signature only (DW_FORM_ref_sig8), which we do not follow.
    if (unitType !== 2 && unitType !== 6) units.push({ offset, dieStart: c.pos, end, version, offsetSize, addrSize, abbrevOffset, abbrevCache });
    c.pos = end;
  }
  return units;
}

function abbrevsOf(s: DwarfSections, u: Unit): Map<number, Abbrev> {
  if (u.abbrevs) return u.abbrevs;
  let a = u.abbrevCache.get(u.abbrevOffset);
  if (!a) u.abbrevCache.set(u.abbrevOffset, (a = readAbbrevs(s.abbrev, u.abbrevOffset)));
  return (u.abbrevs = a);
}

/** str_offsets_base is an attribute of the unit DIE itself, which may name itself with strx (read then with the default). */
function strOffsetsBaseOf(s: DwarfSections, u: Unit): number {
  if (u.strOffsetsBase !== undefined) return u.strOffsetsBase;
  u.strOffsetsBase = 8; // DWARF 5's default: just past the contribution's header
  const base = readDie(s, u, u.dieStart)?.attrs.get(AT_STR_OFFSETS_BASE);
  if (typeof base === 'number') u.strOffsetsBase = base;
  return u.strOffsetsBase;
}

function strx(s: DwarfSections, u: Unit, index: number): string {
  if (!s.strOffsets) return '';
  const at = strOffsetsBaseOf(s, u) + index * u.offsetSize;
  if (at + u.offsetSize > s.strOffsets.length) return '';
  const c = new Cursor(s.strOffsets, at);
  return cstrAt(s.str, c.offset(u.offsetSize));
}

function readValue(s: DwarfSections, u: Unit, c: Cursor, form: number, implicit?: number): AttrValue {
  switch (form) {
    case F.addr: return u.addrSize === 8 ? c.u64n() : c.u32();
    case F.data1: case F.flag: return c.u8();
    case F.data2: return c.u16();
    case F.data4: return c.u32();
    case F.data8: return c.u64n();
    case F.data16: return c.bytes(16);
    case F.sdata: return c.sleb();
    case F.udata: return c.uleb();
    case F.flagPresent: return 1;
    case F.implicitConst: return implicit ?? 0;
    case F.string: return c.cstr();
    case F.strp: return cstrAt(s.str, c.offset(u.offsetSize));
    case F.lineStrp: return cstrAt(s.lineStr, c.offset(u.offsetSize));
    case F.strx: case F.gnuStrIndex: return strx(s, u, c.uleb());
    case F.strx1: return strx(s, u, c.u8());
    case F.strx2: return strx(s, u, c.u16());
    case F.strx3: return strx(s, u, c.u24());
    case F.strx4: return strx(s, u, c.u32());
    // Strings and references into a supplementary (alt) file: we do not read one.
    case F.strpSup: case F.gnuStrpAlt: c.offset(u.offsetSize); return '';
    case F.refSup4: c.u32(); return 0;
    case F.refSup8: case F.refSig8: c.u64(); return 0;
    case F.gnuRefAlt: c.offset(u.offsetSize); return 0;
    case F.ref1: return { ref: u.offset + c.u8() };
    case F.ref2: return { ref: u.offset + c.u16() };
    case F.ref4: return { ref: u.offset + c.u32() };
    case F.ref8: return { ref: u.offset + Number(c.u64()) };
    case F.refUdata: return { ref: u.offset + c.uleb() };
    // DWARF 2 wrote ref_addr with the address size.
    case F.refAddr: return { ref: u.version <= 2 ? (u.addrSize === 8 ? Number(c.u64()) : c.u32()) : c.offset(u.offsetSize) };
    case F.secOffset: return c.offset(u.offsetSize);
    case F.exprloc: case F.block: return c.bytes(c.uleb());
    case F.block1: return c.bytes(c.u8());
    case F.block2: return c.bytes(c.u16());
    case F.block4: return c.bytes(c.u32());
    case F.addrx: case F.loclistx: case F.rnglistx: case F.gnuAddrIndex: return c.uleb();
    case F.addrx1: return c.u8();
    case F.addrx2: return c.u16();
    case F.addrx3: return c.u24();
    case F.addrx4: return c.u32();
    case F.indirect: return readValue(s, u, c, c.uleb());
    default: throw new DwarfError(`unknown DWARF form 0x${form.toString(16)}`);
  }
}

/** The DIE at `offset` of unit `u`; undefined for a null entry (the end of a sibling list). */
export function readDie(s: DwarfSections, u: Unit, offset: number): Die | undefined {
  const c = new Cursor(s.info, offset);
  const code = c.uleb();
  if (code === 0) return undefined;
  const ab = abbrevsOf(s, u).get(code);
  if (!ab) throw new DwarfError(`unknown abbreviation ${code} at .debug_info offset ${offset}`);
  const attrs = new Map<number, AttrValue>();
  for (const a of ab.attrs) attrs.set(a.name, readValue(s, u, c, a.form, a.implicit));
  return { offset, tag: ab.tag, attrs, hasChildren: ab.hasChildren, end: c.pos };
}

/** Offset past the null entry at `offset`, or past a DIE (not its children). */
function nextEntry(s: DwarfSections, offset: number, die: Die | undefined): number {
  if (die) return die.end;
  return new Cursor(s.info, offset).uleb() === 0 ? offset + 1 : offset;
}

/**
 * Visits every DIE of a unit in order with its depth (the unit DIE is 0). `visit` returns
 * false to skip a DIE's children (by DW_AT_sibling when present, else by reading them).
 */
export function walkUnit(s: DwarfSections, u: Unit, visit: (die: Die, depth: number) => boolean | void): void {
  let pos = u.dieStart, depth = 0;
  let skipAt = -1; // while >= 0: the depth of a DIE whose children are being skipped
  while (pos < u.end) {
    const die = readDie(s, u, pos);
    pos = nextEntry(s, pos, die);
    if (!die) {
      depth--;
      if (depth < 0) break;
      if (depth === skipAt) skipAt = -1;
      continue;
    }
    const descend = skipAt < 0 && visit(die, depth) !== false;
    if (!die.hasChildren) continue;
    if (!descend && skipAt < 0) {
      const sib = siblingOf(die, pos, u);
      if (sib !== undefined) { pos = sib; continue; }
      skipAt = depth;
    }
    depth++;
  }
}

/** Where DW_AT_sibling says the next sibling starts, when it says so sensibly. */
function siblingOf(die: Die, pos: number, u: Unit): number | undefined {
  const sib = die.attrs.get(0x01);
  return sib && typeof sib === 'object' && 'ref' in sib && sib.ref > pos && sib.ref <= u.end ? sib.ref : undefined;
}

/** The children of a DIE (one level), in order. */
export function childrenOf(s: DwarfSections, u: Unit, parent: Die): Die[] {
  const out: Die[] = [];
  if (!parent.hasChildren) return out;
  let pos = parent.end;
  let depth = 0;
  while (pos < u.end) {
    const die = readDie(s, u, pos);
    pos = nextEntry(s, pos, die);
    if (!die) {
      if (depth === 0) break;
      depth--;
      continue;
    }
    if (depth === 0) out.push(die);
    if (die.hasChildren) {
      const sib = siblingOf(die, pos, u);
      if (sib !== undefined) { pos = sib; continue; }
      depth++;
    }
  }
  return out;
}
