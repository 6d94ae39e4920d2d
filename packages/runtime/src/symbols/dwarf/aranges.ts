// .debug_aranges: which compile unit covers an address. libdw finds a function's unit
// this way instead of reading every unit's names; so do we (dwarf-types.ts, funcDie).

interface Range { start: bigint; end: bigint; unit: number }

/** Address ranges of .debug_aranges, sorted by start; malformed sets end the reading. */
export function readAranges(b: Uint8Array): Range[] {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const out: Range[] = [];
  let pos = 0;
  while (pos + 16 <= b.length) {
    let length = dv.getUint32(pos, true);
    let at = pos + 4;
    let offsetSize = 4;
    if (length === 0xffffffff) { length = Number(dv.getBigUint64(at, true)); at += 8; offsetSize = 8; }
    const end = at + length;
    if (end > b.length) break;
    at += 2; // version
    const unit = offsetSize === 4 ? dv.getUint32(at, true) : Number(dv.getBigUint64(at, true));
    at += offsetSize;
    const addrSize = dv.getUint8(at), segSize = dv.getUint8(at + 1);
    at += 2;
    if ((addrSize !== 4 && addrSize !== 8) || segSize !== 0) { pos = end; continue; }
    // Tuples start at a multiple of twice the address size from the set's start.
    const tuple = 2 * addrSize;
    at = pos + Math.ceil((at - pos) / tuple) * tuple;
    for (; at + tuple <= end; at += tuple) {
      const start = addrSize === 8 ? dv.getBigUint64(at, true) : BigInt(dv.getUint32(at, true));
      const len = addrSize === 8 ? dv.getBigUint64(at + addrSize, true) : BigInt(dv.getUint32(at + addrSize, true));
      if (start === 0n && len === 0n) break;
      out.push({ start, end: start + len, unit });
    }
    pos = end;
  }
  return out.sort((x, y) => (x.start < y.start ? -1 : x.start > y.start ? 1 : 0));
}

/** The unit whose range holds `addr`, or undefined. */
export function unitAt(ranges: readonly Range[], addr: bigint): number | undefined {
  let lo = 0, hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (addr < r.start) hi = mid - 1;
    else if (addr >= r.end) lo = mid + 1;
    else return r.unit;
  }
  return undefined;
}
