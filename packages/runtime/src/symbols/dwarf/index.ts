// DWARF debug info of uprobe targets: the debug sections of an ELF file (or of its
// separate debug file, found by build id under /usr/lib/debug as libdw finds it), read by
// our own reader (dwarf-units.ts, dwarf-types.ts; see the package README for why ours).
import { readFileSync, statSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import type { BinaryTypes } from '@bpftrace-ts/typecheck';
import { readElf, type ElfImage } from '../elf.js';
import { DwarfError, type DwarfSections } from './dwarf-units.js';
import { DwarfTypes, type FunctionHints } from './dwarf-types.js';
import { readAranges, unitAt } from './aranges.js';

export { DwarfTypes } from './dwarf-types.js';
export { DwarfError, type DwarfSections } from './dwarf-units.js';

const SHF_COMPRESSED = 0x800;
const ELFCOMPRESS_ZLIB = 1;

/** A section's contents, inflated when SHF_COMPRESSED (zlib; other schemes are left out). */
function sectionBytes(b: Uint8Array, elf: ElfImage, name: string): Uint8Array | undefined {
  const s = elf.sections.find((x) => x.name === name);
  if (!s || s.offset + s.size > b.length) return undefined;
  const raw = b.subarray(s.offset, s.offset + s.size);
  if (!(s.flags & SHF_COMPRESSED)) return raw;
  // Elf64_Chdr: ch_type, ch_reserved, ch_size, ch_addralign, then the stream.
  const type = new DataView(raw.buffer, raw.byteOffset, raw.byteLength).getUint32(0, true);
  return type === ELFCOMPRESS_ZLIB ? new Uint8Array(inflateSync(raw.subarray(24))) : undefined;
}

/** The debug sections of an ELF image, or undefined when it has no .debug_info. */
export function dwarfSections(b: Uint8Array): DwarfSections | undefined {
  const elf = readElf(b);
  if (!elf) return undefined;
  const info = sectionBytes(b, elf, '.debug_info');
  const abbrev = sectionBytes(b, elf, '.debug_abbrev');
  if (!info || !abbrev) return undefined;
  const s: DwarfSections = { info, abbrev };
  const str = sectionBytes(b, elf, '.debug_str');
  const lineStr = sectionBytes(b, elf, '.debug_line_str');
  const strOffsets = sectionBytes(b, elf, '.debug_str_offsets');
  if (str) s.str = str;
  if (lineStr) s.lineStr = lineStr;
  if (strOffsets) s.strOffsets = strOffsets;
  return s;
}

/** The build id (hex) from .note.gnu.build-id, if any. */
function buildId(b: Uint8Array, elf: ElfImage): string | undefined {
  const s = elf.sections.find((x) => x.name === '.note.gnu.build-id');
  if (!s || s.offset + 16 > b.length) return undefined;
  const dv = new DataView(b.buffer, b.byteOffset + s.offset, Math.min(s.size, b.length - s.offset));
  const namesz = dv.getUint32(0, true), descsz = dv.getUint32(4, true);
  const desc = 12 + ((namesz + 3) & ~3);
  if (desc + descsz > dv.byteLength) return undefined;
  return [...b.subarray(s.offset + desc, s.offset + desc + descsz)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/**
 * Function lookups start in the unit .debug_aranges gives for the function's symbol address
 * (`symbols`: the ELF image whose symbol table to use, by default the one being read).
 */
function functionHints(b: Uint8Array, elf: ElfImage, symbols: ElfImage): FunctionHints | undefined {
  const bytes = sectionBytes(b, elf, '.debug_aranges');
  if (!bytes) return undefined;
  let ranges: ReturnType<typeof readAranges> | undefined;
  let byName: Map<string, bigint> | undefined;
  return {
    symbolAddress: (name) => {
      if (!byName) {
        byName = new Map();
        for (const e of symbols.entries) if (e.value !== 0n && !byName.has(e.name)) byName.set(e.name, e.value);
      }
      return byName.get(name);
    },
    unitAt: (addr) => unitAt((ranges ??= readAranges(bytes)), addr),
  };
}

/** The types of an ELF image's DWARF; undefined without debug info or when it cannot be read. */
export function readDwarfTypes(b: Uint8Array, symbolsFrom?: ElfImage): DwarfTypes | undefined {
  const s = dwarfSections(b);
  if (!s) return undefined;
  const elf = readElf(b)!;
  try {
    return new DwarfTypes(s, functionHints(b, elf, symbolsFrom ?? elf));
  } catch (e) {
    if (e instanceof DwarfError) return undefined;
    throw e;
  }
}

/** The DWARF types of the file at `path`: its own debug sections, else its separate debug file by build id. */
function loadFileTypes(path: string, debugRoot: string): DwarfTypes | undefined {
  try {
    const b = new Uint8Array(readFileSync(path));
    const types = readDwarfTypes(b);
    if (types) return types;
    const elf = readElf(b);
    const id = elf && buildId(b, elf);
    if (!id || id.length <= 2) return undefined;
    return readDwarfTypes(new Uint8Array(readFileSync(`${debugRoot}/.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug`)), elf);
  } catch {
    return undefined; // unreadable file, no debug file
  }
}

/** Reads the file's DWARF on the first lookup: a uprobe on libc must not pay for its debug info unless it asks. */
class LazyFileTypes implements BinaryTypes {
  private loaded = false;
  private types: DwarfTypes | undefined;
  constructor(private readonly path: string, private readonly debugRoot: string) {}
  get(): DwarfTypes | undefined {
    if (!this.loaded) { this.loaded = true; this.types = loadFileTypes(this.path, this.debugRoot); }
    return this.types;
  }
  /** A lookup that meets damaged DWARF finds nothing (the unit headers were fine, a DIE is not). */
  private guard<T>(f: (t: DwarfTypes) => T | undefined): T | undefined {
    const t = this.get();
    try { return t ? f(t) : undefined; } catch (e) { if (e instanceof DwarfError) return undefined; throw e; }
  }
  hasDebugInfo(): boolean { return this.get() !== undefined; }
  func(name: string) { return this.guard((t) => t.func(name)); }
  functionNames() { return this.guard((t) => t.functionNames()) ?? []; }
  record(name: string) { return this.guard((t) => t.record(name)); }
  typedef(name: string) { return this.guard((t) => t.typedef(name)); }
}

const cache = new Map<string, { key: string; types: LazyFileTypes }>();

/**
 * The DWARF types of the file at `path` (its own debug sections, else its separate debug
 * file by build id, as libdw finds it), read on first use; cached per path while its size
 * and mtime stay the same. Undefined when there is no such file.
 */
export function fileDwarfTypes(path: string, debugRoot = '/usr/lib/debug'): BinaryTypes | undefined {
  let key: string;
  try {
    const st = statSync(path);
    key = `${st.size}:${st.mtimeMs}:${debugRoot}`;
  } catch {
    return undefined;
  }
  const hit = cache.get(path);
  if (hit?.key === key) return hit.types;
  const types = new LazyFileTypes(path, debugRoot);
  cache.set(path, { key, types });
  return types;
}
