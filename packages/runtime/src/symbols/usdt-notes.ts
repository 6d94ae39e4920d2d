// USDT probes of an ELF file, from its .note.stapsdt section (SystemTap's sdt.h
// layout: one note of type 3, owner "stapsdt", per call site; its descriptor is
// pc, .stapsdt.base address, semaphore address, then provider, name and argument
// strings). Used to list usdt probes (-l), expand wildcards and count locations.
import { readElf } from './elf.js';

export interface UsdtNote {
  provider: string;
  name: string;
  /** Address of the call site (as linked). */
  pc: bigint;
  /** Address of the .stapsdt.base section when the note was written (prelink moves it). */
  base: bigint;
  /** Address of the semaphore, 0n when the probe has none. */
  semaphore: bigint;
  /** Argument specs as written, e.g. "-4@%eax 8@-16(%rbp)". */
  args: string;
}

const NT_STAPSDT = 3;
const align4 = (n: number) => (n + 3) & ~3;

/** Every call site in the file's .note.stapsdt, in file order; [] when there is none or it is not ELF. */
export function readUsdtNotes(b: Uint8Array): UsdtNote[] {
  const sec = readElf(b)?.sections.find((s) => s.name === '.note.stapsdt');
  if (!sec) return [];
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const decoder = new TextDecoder();
  const end = Math.min(sec.offset + sec.size, b.length);
  const out: UsdtNote[] = [];
  for (let o = sec.offset; o + 12 <= end;) {
    const namesz = dv.getUint32(o, true), descsz = dv.getUint32(o + 4, true), type = dv.getUint32(o + 8, true);
    const nameAt = o + 12, descAt = nameAt + align4(namesz);
    o = descAt + align4(descsz);
    if (o > end) break;
    if (type !== NT_STAPSDT || decoder.decode(b.subarray(nameAt, nameAt + namesz)).replace(/\0+$/, '') !== 'stapsdt' || descsz < 24) continue;
    const strs: string[] = [];
    let s = descAt + 24;
    const descEnd = descAt + descsz;
    while (s < descEnd && strs.length < 3) {
      let e = s;
      while (e < descEnd && b[e] !== 0) e++;
      strs.push(decoder.decode(b.subarray(s, e)));
      s = e + 1;
    }
    out.push({ pc: dv.getBigUint64(descAt, true), base: dv.getBigUint64(descAt + 8, true), semaphore: dv.getBigUint64(descAt + 16, true), provider: strs[0] ?? '', name: strs[1] ?? '', args: strs[2] ?? '' });
  }
  return out;
}
