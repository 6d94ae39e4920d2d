// Just enough ELF64 (little-endian) to find, read and append sections of a BPF object and
// to list its symbols. Works on bytes: no files, no Node built-ins.
import { artifactError, type ArtifactError } from './errors.js';

export const EM_BPF = 247;
export const SHT_PROGBITS = 1;
export const SHT_SYMTAB = 2;
export const SHT_NOBITS = 8;
const EHDR_SIZE = 64;
const SHDR_SIZE = 64;
const SYM_SIZE = 24;
const SHN_LORESERVE = 0xff00;
const SHN_XINDEX = 0xffff;

/** e_machine values people are likely to hand us by mistake, for the message. */
const MACHINES: Record<number, string> = {
  3: 'x86 (i386)', 8: 'MIPS', 20: 'PowerPC', 21: 'PowerPC64', 22: 's390', 40: 'ARM', 62: 'x86-64',
  183: 'AArch64', 243: 'RISC-V', 258: 'LoongArch',
};

export interface ElfSection {
  index: number;
  name: string;
  type: number;
  flags: bigint;
  offset: number;
  size: number;
  link: number;
  info: number;
  addralign: number;
  entsize: number;
}

export interface ElfSymbol { name: string; section: number; type: number; bind: number; /** st_value: in an object file, the offset in its section. */ value: number; size: number }

export interface Elf {
  bytes: Uint8Array;
  sections: ElfSection[];
  /** Index of the section-name string table. */
  shstrndx: number;
}

export type ElfResult = { ok: true; elf: Elf } | { ok: false; error: ArtifactError };

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const latin1 = new TextDecoder('latin1');

function cString(b: Uint8Array, at: number): string | undefined {
  const end = b.indexOf(0, at);
  return at >= b.length || end < 0 ? undefined : latin1.decode(b.subarray(at, end));
}

/** Parse the ELF header and section headers of a little-endian ELF64 BPF object. */
export function readElf(bytes: Uint8Array): ElfResult {
  const fail = (kind: ArtifactError['kind'], message: string): ElfResult => ({ ok: false, error: artifactError(kind, message) });
  const magic = [0x7f, 0x45, 0x4c, 0x46];
  if (bytes.length === 0) return fail('not-elf', 'empty file: not a BPF object');
  if (!magic.every((m, i) => i >= bytes.length || bytes[i] === m)) return fail('not-elf', 'not an ELF file (no \\x7fELF magic): not a BPF object');
  // Class, byte order and machine come first: they are in the first 20 bytes of any ELF.
  if (bytes.length >= 20) {
    const m = view(bytes).getUint16(18, bytes[5] !== 2);
    if (bytes[4] === 1) return fail('wrong-class', `a 32-bit ELF${m === EM_BPF ? '' : ` for ${machineName(m)}`}: BPF objects are 64-bit`);
    if (m !== EM_BPF) return fail('wrong-machine', `an ELF object for ${machineName(m)}, not for BPF`);
    if (bytes[5] === 2) return fail('wrong-byte-order', 'a big-endian BPF object: this runtime reads little-endian ones (bpfel)');
    if (bytes[4] !== 2) return fail('malformed', `unknown ELF class ${bytes[4]} (byte 4)`);
    if (bytes[5] !== 1) return fail('malformed', `unknown ELF byte order ${bytes[5]} (byte 5)`);
  }
  if (bytes.length < EHDR_SIZE) return fail('truncated', `truncated: ${bytes.length} bytes, shorter than an ELF header (${EHDR_SIZE})`);
  const v = view(bytes);

  const shoff = Number(v.getBigUint64(40, true));
  const shentsize = v.getUint16(58, true);
  let shnum = v.getUint16(60, true);
  let shstrndx = v.getUint16(62, true);
  if (shoff === 0) return fail('malformed', 'the object has no section headers');
  if (shentsize !== SHDR_SIZE) return fail('malformed', `section header size ${shentsize}, expected ${SHDR_SIZE}`);
  if (shoff + SHDR_SIZE > bytes.length) return fail('truncated', truncatedAt('the section headers', shoff + SHDR_SIZE, bytes.length));
  // More than 0xff00 sections: the real counts live in section 0.
  if (shnum === 0) shnum = Number(v.getBigUint64(shoff + 32, true));
  if (shstrndx === SHN_XINDEX) shstrndx = v.getUint32(shoff + 40, true);
  const tableEnd = shoff + shnum * SHDR_SIZE;
  if (tableEnd > bytes.length) return fail('truncated', truncatedAt('the section headers', tableEnd, bytes.length));
  if (shstrndx >= shnum) return fail('malformed', `section name table index ${shstrndx} is not below the section count ${shnum}`);

  const raw: Omit<ElfSection, 'name'>[] = [];
  for (let i = 0; i < shnum; i++) {
    const at = shoff + i * SHDR_SIZE;
    raw.push({
      index: i,
      type: v.getUint32(at + 4, true),
      flags: v.getBigUint64(at + 8, true),
      offset: Number(v.getBigUint64(at + 24, true)),
      size: Number(v.getBigUint64(at + 32, true)),
      link: v.getUint32(at + 40, true),
      info: v.getUint32(at + 44, true),
      addralign: Number(v.getBigUint64(at + 48, true)),
      entsize: Number(v.getBigUint64(at + 56, true)),
    });
  }
  const names = raw[shstrndx]!;
  if (names.offset + names.size > bytes.length) return fail('truncated', truncatedAt('the section name table', names.offset + names.size, bytes.length));
  const nameBytes = bytes.subarray(names.offset, names.offset + names.size);
  const sections: ElfSection[] = [];
  for (const s of raw) {
    const nameAt = v.getUint32(shoff + s.index * SHDR_SIZE, true);
    const name = cString(nameBytes, nameAt);
    if (name === undefined) return fail('malformed', `section ${s.index}'s name (offset ${nameAt}) is outside the section name table`);
    if (s.type !== SHT_NOBITS && s.offset + s.size > bytes.length) {
      return fail('truncated', truncatedAt(`section ${name || s.index}`, s.offset + s.size, bytes.length));
    }
    sections.push({ ...s, name });
  }
  return { ok: true, elf: { bytes, sections, shstrndx } };
}

const truncatedAt = (what: string, end: number, length: number) =>
  `truncated: ${what} would end at byte ${end}, past the end of the file (${length} bytes)`;

function machineName(m: number): string {
  return `${MACHINES[m] ?? 'another machine'} (e_machine ${m})`;
}

export const sectionData = (elf: Elf, s: ElfSection): Uint8Array => elf.bytes.subarray(s.offset, s.offset + s.size);

/** The symbol table's entries (empty when there is none). */
export function elfSymbols(elf: Elf): ElfSymbol[] {
  const symtab = elf.sections.find((s) => s.type === SHT_SYMTAB);
  const strtab = symtab && elf.sections[symtab.link];
  if (!symtab || !strtab) return [];
  const data = sectionData(elf, symtab);
  const names = sectionData(elf, strtab);
  const v = view(data);
  const out: ElfSymbol[] = [];
  for (let at = 0; at + SYM_SIZE <= data.length; at += SYM_SIZE) {
    const info = v.getUint8(at + 4);
    out.push({
      name: cString(names, v.getUint32(at, true)) ?? '', section: v.getUint16(at + 6, true), type: info & 0xf, bind: info >> 4,
      value: Number(v.getBigUint64(at + 8, true)), size: Number(v.getBigUint64(at + 16, true)),
    });
  }
  return out;
}

/**
 * A copy of the object with one more section (not loaded: flags 0, no address): its data and
 * a longer section name table go after the old contents, then the section headers, moved. The
 * old sections keep their indexes and offsets, so symbols and relocations stay valid.
 */
export function appendSection(elf: Elf, name: string, type: number, data: Uint8Array, align: number): Uint8Array {
  const oldCount = elf.sections.length;
  if (oldCount + 1 >= SHN_LORESERVE) throw new RangeError(`appendSection: ${oldCount} sections, too many to add one`);
  const names = elf.sections[elf.shstrndx]!;
  const oldNames = sectionData(elf, names);
  const nameBytes = new TextEncoder().encode(`${name}\0`);
  const up = (n: number, a: number) => Math.ceil(n / a) * a;

  const dataAt = up(elf.bytes.length, Math.max(1, align));
  const namesAt = dataAt + data.length;
  const namesSize = oldNames.length + nameBytes.length;
  const shoff = up(namesAt + namesSize, 8);
  const out = new Uint8Array(shoff + (oldCount + 1) * SHDR_SIZE);
  out.set(elf.bytes);
  out.set(data, dataAt);
  out.set(oldNames, namesAt);
  out.set(nameBytes, namesAt + oldNames.length);
  const oldShoff = Number(view(elf.bytes).getBigUint64(40, true));
  out.set(elf.bytes.subarray(oldShoff, oldShoff + oldCount * SHDR_SIZE), shoff);

  const v = view(out);
  const shdr = shoff + elf.shstrndx * SHDR_SIZE;
  v.setBigUint64(shdr + 24, BigInt(namesAt), true);
  v.setBigUint64(shdr + 32, BigInt(namesSize), true);
  const at = shoff + oldCount * SHDR_SIZE;
  v.setUint32(at, oldNames.length, true);            // sh_name
  v.setUint32(at + 4, type, true);                    // sh_type
  v.setBigUint64(at + 24, BigInt(dataAt), true);      // sh_offset (flags, addr, link, info stay 0)
  v.setBigUint64(at + 32, BigInt(data.length), true); // sh_size
  v.setBigUint64(at + 48, BigInt(align), true);       // sh_addralign
  v.setBigUint64(40, BigInt(shoff), true);            // e_shoff
  if (view(elf.bytes).getUint16(60, true) === 0) v.setBigUint64(shoff + 32, BigInt(oldCount + 1), true);
  else v.setUint16(60, oldCount + 1, true);           // e_shnum
  return out;
}
