// The type table of a BTF blob: one pass records where each type starts and its kind, so
// any type can be read later in O(1) without decoding the ~100k others.

import { readHeader, trailingSize, TYPE_HEADER_SIZE, type BtfHeader } from './btf-layout.js';

export class BtfTable {
  readonly header: BtfHeader;
  /** Number of type ids, including 0 (void). */
  readonly count: number;
  private readonly view: DataView;
  private readonly le: boolean;
  /** Absolute byte offset of each type, by id (index 0 unused). */
  private readonly offsets: Uint32Array;
  private readonly kinds: Uint8Array;
  /** The string section decoded once, one char per byte, so byte offsets index it directly. */
  private readonly strings: string;

  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    this.header = readHeader(this.view);
    this.le = this.header.littleEndian;
    const h = this.header;
    const strStart = h.hdrLen + h.strOff;
    // latin1 maps each byte to one char: offsets stay valid; identifiers are ASCII anyway.
    this.strings = new TextDecoder('latin1').decode(bytes.subarray(strStart, strStart + h.strLen));

    const start = h.hdrLen + h.typeOff;
    const end = start + h.typeLen;
    // Every type takes at least 12 bytes: an upper bound for the arrays.
    const cap = Math.floor(h.typeLen / TYPE_HEADER_SIZE) + 1;
    const offsets = new Uint32Array(cap);
    const kinds = new Uint8Array(cap);
    let id = 1;
    for (let at = start; at < end; id++) {
      if (at + TYPE_HEADER_SIZE > end) throw new Error(`BTF: type ${id} truncated`);
      const info = this.view.getUint32(at + 4, this.le);
      const kind = (info >>> 24) & 0x1f;
      offsets[id] = at;
      kinds[id] = kind;
      at += TYPE_HEADER_SIZE + trailingSize(kind, info & 0xffff);
      if (at > end) throw new Error(`BTF: type ${id} runs past the type section`);
    }
    this.count = id;
    this.offsets = offsets.subarray(0, id);
    this.kinds = kinds.subarray(0, id);
  }

  kind(id: number): number { return id > 0 && id < this.count ? this.kinds[id]! : 0; }
  private info(id: number): number { return this.view.getUint32(this.offsets[id]! + 4, this.le); }
  vlen(id: number): number { return this.info(id) & 0xffff; }
  kindFlag(id: number): boolean { return (this.info(id) >>> 31) === 1; }
  nameOff(id: number): number { return id > 0 ? this.view.getUint32(this.offsets[id]!, this.le) : 0; }
  name(id: number): string { return this.str(this.nameOff(id)); }
  /** The size (INT, ENUM, STRUCT, UNION, FLOAT, DATASEC) or referenced type id (the others). */
  sizeOrType(id: number): number { return this.view.getUint32(this.offsets[id]! + 8, this.le); }
  /** Absolute offset of a type's kind-specific data. */
  dataAt(id: number): number { return this.offsets[id]! + TYPE_HEADER_SIZE; }

  u32(at: number): number { return this.view.getUint32(at, this.le); }
  i32(at: number): number { return this.view.getInt32(at, this.le); }

  str(off: number): string {
    if (off === 0) return '';
    const endAt = this.strings.indexOf('\0', off);
    return this.strings.slice(off, endAt < 0 ? undefined : endAt);
  }
}
