// Which function names an ELF file defines: bpftrace 0.17 leaves a uprobe whose symbol
// the binary lacks out of the run (no message), so the session must know before it
// counts probes. readElfSymbols collapses aliases to one name per address; here every
// name counts (`getpid` is a weak alias of `__getpid` in glibc).
import { readFileSync } from 'node:fs';
import { isFunction, readElf, unversioned } from './symbols/elf.js';

/** Names of the defined functions in .symtab and .dynsym, version suffixes (`@GLIBC_2.2.5`) dropped. */
export function elfFunctionNames(b: Uint8Array): Set<string> | undefined {
  const elf = readElf(b);
  if (!elf) return undefined;
  const names = new Set<string>();
  for (const e of elf.entries) {
    const name = isFunction(e) ? unversioned(e.name) : '';
    if (name) names.add(name);
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
