// Symbolisation: kernel addresses through /proc/kallsyms, user addresses through
// /proc/PID/maps and the ELF symbol tables of the mapped files (one reader: elf.ts).
export { readElf, readElfSymbols, elfSymbolValue, hasElfMagic, isFunction, unversioned, fileOffsetToVaddr, lookupSymbol,
  type ElfImage, type ElfSymbolEntry, type ElfSymbols, type ElfSymbol } from './elf.js';
export { kernelSymbol } from './ksyms.js';
export { userSymbol, parseMaps, rememberProcess, forgetProcesses } from './process.js';
export { resolveUserSymbol, resolveUserSymbolSize } from './uaddr.js';
export { fileDwarfTypes, readDwarfTypes, dwarfSections, DwarfTypes, DwarfError, type DwarfSections } from './dwarf/index.js';
