// The one ELF64 little-endian reader of the project (pure: takes the file's bytes):
// the symbol tables (.symtab and .dynsym) and PT_LOAD segments. Its users pick what
// they need from the raw entries: user-stack symbolisation (function symbols by
// address, below), uprobe pruning (which function names exist, ../uprobe-symbols.ts)
// and uaddr() (a symbol's value, handed to codegen as a resolver by the CLI).

/** One defined entry of .symtab or .dynsym, as stored (name as written, version suffix included). */
export interface ElfSymbolEntry {
  name: string; value: bigint; size: bigint; /** STT_* */ kind: number;
  /** A .dynsym entry of a non-default symbol version (`name@V1` beside `name@@V2`; .gnu.version's hidden bit). */
  hidden?: boolean;
}

export interface ElfImage {
  /** ET_EXEC (2, fixed addresses) or ET_DYN (3, PIE or shared library). */
  type: number;
  /** Defined symbols (st_shndx != 0) with a name, .symtab/.dynsym in section order. */
  entries: ElfSymbolEntry[];
  /** PT_LOAD segments: file offset, virtual address, size in the file. */
  loads: { offset: bigint; vaddr: bigint; filesz: bigint }[];
  /** Section headers with their names (e.g. `.note.stapsdt`, read by usdt-notes.ts). */
  sections: ElfSection[];
}

export interface ElfSection { name: string; type: number; /** SHF_* */ flags: number; addr: bigint; offset: number; size: number }

export interface ElfSymbol { addr: bigint; size: bigint; name: string }

export interface ElfSymbols {
  /** ET_EXEC (2, fixed addresses) or ET_DYN (3, PIE or shared library). */
  type: number;
  /** Function symbols sorted by address, duplicates (aliases) collapsed to the first name. */
  symbols: ElfSymbol[];
  /** PT_LOAD segments: file offset, virtual address, size in the file. */
  loads: { offset: bigint; vaddr: bigint; filesz: bigint }[];
}

const SHT_SYMTAB = 2, SHT_DYNSYM = 11, SHT_GNU_VERSYM = 0x6fffffff, PT_LOAD = 1, STT_FUNC = 2, STT_GNU_IFUNC = 10;

/** True for a function symbol (including GNU indirect functions, e.g. glibc's memcpy). */
export const isFunction = (e: ElfSymbolEntry) => e.kind === STT_FUNC || e.kind === STT_GNU_IFUNC;

/** A name without its symbol version (`memcpy@GLIBC_2.2.5` and `@@` forms -> `memcpy`). */
export const unversioned = (name: string) => name.replace(/@.*$/, '');

/** True when the bytes start with the ELF magic (any class or byte order). */
export const hasElfMagic = (b: Uint8Array) => b.length >= 4 && b[0] === 0x7f && b[1] === 0x45 && b[2] === 0x4c && b[3] === 0x46;

/** Parse an ELF image; undefined when it is not a 64-bit little-endian ELF. */
export function readElf(b: Uint8Array): ElfImage | undefined {
  if (b.length < 64 || !hasElfMagic(b) || b[4] !== 2 || b[5] !== 1) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const u16 = (o: number) => dv.getUint16(o, true);
  const u32 = (o: number) => dv.getUint32(o, true);
  const u64 = (o: number) => dv.getBigUint64(o, true);
  const type = u16(16);
  const phoff = Number(u64(32)), shoff = Number(u64(40));
  const phentsize = u16(54), phnum = u16(56), shentsize = u16(58), shnum = u16(60);

  const loads: ElfImage['loads'] = [];
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
    sections.push({ nameOff: u32(o), type: u32(o + 4), flags: Number(u64(o + 8)), addr: u64(o + 16), offset: Number(u64(o + 24)), size: Number(u64(o + 32)), link: u32(o + 40), entsize: Number(u64(o + 56)) });
  }
  const shstr = sections[u16(62)];
  const named: ElfSection[] = sections.map((s) => ({
    name: shstr ? cstr(shstr.offset + s.nameOff) : '', type: s.type, flags: s.flags, addr: s.addr, offset: s.offset, size: s.size,
  }));
  const entries: ElfSymbolEntry[] = [];
  const versym = sections.find((s) => s.type === SHT_GNU_VERSYM);
  for (const s of sections) {
    if ((s.type !== SHT_SYMTAB && s.type !== SHT_DYNSYM) || s.entsize < 24) continue;
    const strtab = sections[s.link];
    if (!strtab) continue;
    for (let o = s.offset, i = 0; o + 24 <= s.offset + s.size && o + 24 <= b.length; o += s.entsize, i++) {
      if (u16(o + 6) === 0) continue; // SHN_UNDEF: imported, not defined here
      const name = cstr(strtab.offset + u32(o));
      if (!name) continue;
      const e: ElfSymbolEntry = { name, value: u64(o + 8), size: u64(o + 16), kind: b[o + 4]! & 0xf };
      const v = versym && s.type === SHT_DYNSYM ? versym.offset + 2 * i : -1;
      if (v >= 0 && v + 2 <= b.length && (u16(v) & 0x8000) !== 0) e.hidden = true;
      entries.push(e);
    }
  }
  return { type, entries, loads, sections: named };
}

/** Function symbols by address, for symbolisation; undefined when not a 64-bit little-endian ELF. */
export function readElfSymbols(b: Uint8Array): ElfSymbols | undefined {
  const elf = readElf(b);
  if (!elf) return undefined;
  const byAddr = new Map<bigint, ElfSymbol>();
  for (const e of elf.entries) {
    // .symtab comes first in practice; keep the first name at an address.
    if (isFunction(e) && e.value !== 0n && !byAddr.has(e.value)) byAddr.set(e.value, { addr: e.value, size: e.size, name: e.name });
  }
  const symbols = [...byAddr.values()].sort((x, y) => (x.addr < y.addr ? -1 : x.addr > y.addr ? 1 : 0));
  return { type: elf.type, symbols, loads: elf.loads };
}

/** st_value of the first defined symbol named exactly `name` (any kind: uaddr names data), or undefined. */
export function elfSymbolValue(b: Uint8Array, name: string): bigint | undefined {
  return readElf(b)?.entries.find((e) => e.name === name)?.value;
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
