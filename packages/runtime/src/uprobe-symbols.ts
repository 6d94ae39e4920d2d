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

export interface UserFunction { name: string; addr: bigint; size: bigint }

/**
 * Defined functions by name (version suffix dropped), one per name: glibc defines some
 * names at several versions (`pthread_create@GLIBC_2.2.5` and `@@GLIBC_2.34`), which
 * libbpf refuses as ambiguous; the plain or default (`@@`) version wins, as the linker
 * would bind it. Sorted by name.
 */
export function elfFunctions(b: Uint8Array | ReturnType<typeof readElf>): UserFunction[] | undefined {
  const elf = b instanceof Uint8Array ? readElf(b) : b;
  if (!elf) return undefined;
  const best = new Map<string, { f: UserFunction; rank: number }>();
  for (const e of elf.entries) {
    if (!isFunction(e) || e.value === 0n) continue;
    const name = unversioned(e.name);
    if (!name) continue;
    // .symtab spells versions in the name; .dynsym marks the non-default ones hidden.
    const rank = e.hidden || (e.name.includes('@') && !e.name.includes('@@')) ? 2 : e.name.includes('@@') ? 1 : 0;
    const had = best.get(name);
    if (!had || rank < had.rank) best.set(name, { f: { name, addr: e.value, size: e.size }, rank });
  }
  return [...best.values()].map((v) => v.f).sort((x, y) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0));
}

/** The function starting at, or sized to contain, `addr`; the first such in name order. */
export function functionAt(fns: readonly UserFunction[], addr: bigint): UserFunction | undefined {
  return fns.find((f) => f.addr === addr) ?? fns.find((f) => addr > f.addr && addr < f.addr + f.size);
}
