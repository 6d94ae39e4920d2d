// uaddr("sym"): bpftrace resolves the symbol in the probe's binary when it compiles
// and emits st_value as a constant (no PIE relocation: the same as bpftrace 0.17).
// A small ELF64 little-endian symbol-table reader; any symbol type (uaddr names data).

import { readFileSync } from 'node:fs';

const SHT_SYMTAB = 2;
const SHT_DYNSYM = 11;

/** st_value of the first defined symbol `name` in .symtab/.dynsym, or undefined. */
export function elfSymbolValue(b: Uint8Array, name: string): bigint | undefined {
  if (b.length < 64 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46 || b[4] !== 2 || b[5] !== 1) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shoff = Number(dv.getBigUint64(40, true));
  const shentsize = dv.getUint16(58, true);
  const shnum = dv.getUint16(60, true);
  const want = new TextEncoder().encode(name);
  const section = (i: number) => {
    const o = shoff + i * shentsize;
    if (o + 64 > b.length) return undefined;
    return { type: dv.getUint32(o + 4, true), offset: Number(dv.getBigUint64(o + 24, true)), size: Number(dv.getBigUint64(o + 32, true)), link: dv.getUint32(o + 40, true), entsize: Number(dv.getBigUint64(o + 56, true)) };
  };
  const nameIs = (at: number) => {
    if (at + want.length >= b.length) return false;
    for (let i = 0; i < want.length; i++) if (b[at + i] !== want[i]) return false;
    return b[at + want.length] === 0;
  };
  for (let i = 0; i < shnum; i++) {
    const s = section(i);
    if (!s || (s.type !== SHT_SYMTAB && s.type !== SHT_DYNSYM) || s.entsize < 24) continue;
    const strtab = section(s.link);
    if (!strtab) continue;
    for (let o = s.offset; o + 24 <= s.offset + s.size && o + 24 <= b.length; o += s.entsize) {
      if (dv.getUint16(o + 6, true) === 0) continue; // undefined (imported) symbol
      if (nameIs(strtab.offset + dv.getUint32(o, true))) return dv.getBigUint64(o + 8, true);
    }
  }
  return undefined;
}

/** The default resolver: read the binary from this machine's file system. */
export function resolveUserSymbol(binary: string, name: string): bigint | undefined {
  try {
    return elfSymbolValue(new Uint8Array(readFileSync(binary)), name);
  } catch {
    return undefined;
  }
}
