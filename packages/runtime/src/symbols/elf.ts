// A minimal ELF64 little-endian reader: function symbols from .symtab and
// .dynsym, and PT_LOAD segments (to turn file offsets from /proc/PID/maps into
// the virtual addresses symbols are given in). Pure: takes the file's bytes.

export interface ElfSymbol { addr: bigint; size: bigint; name: string }

export interface ElfSymbols {
  /** ET_EXEC (2, fixed addresses) or ET_DYN (3, PIE or shared library). */
  type: number;
  /** Function symbols sorted by address, duplicates (aliases) collapsed to the first name. */
  symbols: ElfSymbol[];
  /** PT_LOAD segments: file offset, virtual address, size in the file. */
  loads: { offset: bigint; vaddr: bigint; filesz: bigint }[];
}

const SHT_SYMTAB = 2, SHT_DYNSYM = 11, PT_LOAD = 1, STT_FUNC = 2, STT_GNU_IFUNC = 10;

/** Parse an ELF image; undefined when it is not a 64-bit little-endian ELF. */
export function readElfSymbols(b: Uint8Array): ElfSymbols | undefined {
  if (b.length < 64 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46 || b[4] !== 2 || b[5] !== 1) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const u64 = (o: number) => dv.getBigUint64(o, true);
  const type = u16(16);
  const phoff = Number(u64(32)), shoff = Number(u64(40));
  const phentsize = u16(54), phnum = u16(56), shentsize = u16(58), shnum = u16(60);

  const loads: ElfSymbols['loads'] = [];
  for (let i = 0; i < phnum; i++) {
    const o = phoff + i * phentsize;
    if (o + 56 > b.length) break;
    if (u32(o) === PT_LOAD) loads.push({ offset: u64(o + 8), vaddr: u64(o + 16), filesz: u64(o + 32) });
  }

  const decoder = new TextDecoder();
  const cstr = (o: number) => {
    let e = o;
    while (e < b.length && b[e] !== 0) e++;
    return decoder.decode(b.subarray(o, e));
  };
  const sections = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    if (o + 64 > b.length) break;
    sections.push({ type: u32(o + 4), offset: Number(u64(o + 24)), size: Number(u64(o + 32)), link: u32(o + 40), entsize: Number(u64(o + 56)) });
  }
  const byAddr = new Map<bigint, ElfSymbol>();
  for (const s of sections) {
    if ((s.type !== SHT_SYMTAB && s.type !== SHT_DYNSYM) || s.entsize < 24) continue;
    const strtab = sections[s.link];
    if (!strtab) continue;
    for (let o = s.offset; o + 24 <= s.offset + s.size && o + 24 <= b.length; o += s.entsize) {
      const info = b[o + 4]! & 0xf;
      const shndx = u16(o + 6);
      const addr = u64(o + 8);
      if ((info !== STT_FUNC && info !== STT_GNU_IFUNC) || shndx === 0 || addr === 0n) continue;
      if (byAddr.has(addr)) continue; // .symtab comes first in practice; keep the first name
      const name = cstr(strtab.offset + u32(o));
      if (name) byAddr.set(addr, { addr, size: u64(o + 16), name });
    }
  }
  const symbols = [...byAddr.values()].sort((x, y) => (x.addr < y.addr ? -1 : x.addr > y.addr ? 1 : 0));
  return { type, symbols, loads };
}

/** The virtual address of a file offset (through the PT_LOAD segment holding it). */
export function fileOffsetToVaddr(elf: ElfSymbols, off: bigint): bigint | undefined {
  for (const l of elf.loads) if (off >= l.offset && off < l.offset + l.filesz) return off - l.offset + l.vaddr;
  return undefined;
}

/** The symbol containing `vaddr` and the offset into it (a sized symbol must contain it; size 0 reaches to the next). */
export function lookupSymbol(syms: readonly { addr: bigint; size: bigint; name: string }[], vaddr: bigint): { name: string; offset: bigint } | undefined {
  let lo = 0, hi = syms.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (syms[mid]!.addr <= vaddr) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  if (found < 0) return undefined;
  // Aliases at one address (kallsyms' _text and __pi__text): the first listed wins, as in bpftrace.
  while (found > 0 && syms[found - 1]!.addr === syms[found]!.addr) found--;
  const s = syms[found]!;
  const offset = vaddr - s.addr;
  if (s.size > 0n && offset >= s.size) return undefined;
  return { name: s.name, offset };
}
