// Which function names an ELF file defines: bpftrace 0.17 leaves a uprobe whose symbol
// the binary lacks out of the run (no message), so the session must know before it
// counts probes. symbols/elf.ts collapses aliases to one name per address; here every
// name counts (`getpid` is a weak alias of `__getpid` in glibc).
import { readFileSync } from 'node:fs';

const SHT_SYMTAB = 2, SHT_DYNSYM = 11, STT_FUNC = 2, STT_GNU_IFUNC = 10;

/** Names of the defined functions in .symtab and .dynsym, version suffixes (`@GLIBC_2.2.5`) dropped. */
export function elfFunctionNames(b: Uint8Array): Set<string> | undefined {
  if (b.length < 64 || b[0] !== 0x7f || b[1] !== 0x45 || b[2] !== 0x4c || b[3] !== 0x46 || b[4] !== 2 || b[5] !== 1) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const shoff = Number(dv.getBigUint64(40, true));
  const shentsize = dv.getUint16(58, true), shnum = dv.getUint16(60, true);
  const sections: { type: number; offset: number; size: number; link: number; entsize: number }[] = [];
  for (let i = 0; i < shnum; i++) {
    const o = shoff + i * shentsize;
    if (o + 64 > b.length) break;
    sections.push({
      type: dv.getUint32(o + 4, true), offset: Number(dv.getBigUint64(o + 24, true)), size: Number(dv.getBigUint64(o + 32, true)),
      link: dv.getUint32(o + 40, true), entsize: Number(dv.getBigUint64(o + 56, true)),
    });
  }
  const decoder = new TextDecoder();
  const names = new Set<string>();
  for (const s of sections) {
    if ((s.type !== SHT_SYMTAB && s.type !== SHT_DYNSYM) || s.entsize < 24) continue;
    const strtab = sections[s.link];
    if (!strtab) continue;
    for (let o = s.offset; o + 24 <= s.offset + s.size && o + 24 <= b.length; o += s.entsize) {
      const kind = b[o + 4]! & 0xf;
      if ((kind !== STT_FUNC && kind !== STT_GNU_IFUNC) || dv.getUint16(o + 6, true) === 0) continue;
      let e = strtab.offset + dv.getUint32(o, true);
      const start = e;
      while (e < b.length && b[e] !== 0) e++;
      const name = decoder.decode(b.subarray(start, e)).replace(/@.*$/, '');
      if (name) names.add(name);
    }
  }
  return names;
}

/**
 * A lookup `(binary, symbol) -> defined?` that reads each binary once. An unreadable or
 * non-ELF binary answers true: the attach then fails with libbpf's own error.
 */
export function symbolLookup(read: (path: string) => Uint8Array = (p) => readFileSync(p)): (binary: string, symbol: string) => boolean {
  const byFile = new Map<string, Set<string> | undefined>();
  return (binary, symbol) => {
    if (!byFile.has(binary)) {
      let names: Set<string> | undefined;
      try { names = elfFunctionNames(read(binary)); } catch { names = undefined; }
      byFile.set(binary, names);
    }
    const names = byFile.get(binary);
    return names === undefined || names.has(symbol);
  };
}
