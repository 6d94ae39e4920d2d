// Symbolisation: kernel addresses through /proc/kallsyms, user addresses through
// /proc/PID/maps and the ELF symbol tables of the mapped files.
export { readElfSymbols, fileOffsetToVaddr, lookupSymbol, type ElfSymbols, type ElfSymbol } from './elf.js';
export { kernelSymbol } from './ksyms.js';
export { userSymbol, parseMaps, rememberProcess, forgetProcesses } from './process.js';
