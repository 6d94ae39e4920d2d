// uaddr("sym") is resolved at compile time in the probe's binary (bpftrace 0.17 emits
// st_value as a constant, no PIE relocation). Codegen reads no files: the CLI hands it
// this resolver (CodegenOptions.userSymbol), which reads the binary from this machine.
import { readFileSync } from 'node:fs';
import { elfSymbolValue, readElf } from './elf.js';

/** st_size of `name` in the ELF file `binary` (uaddr()'s pointee type); undefined when unreadable or absent. */
export function resolveUserSymbolSize(binary: string, name: string): number | undefined {
  try {
    const size = readElf(new Uint8Array(readFileSync(binary)))?.entries.find((e) => e.name === name)?.size;
    return size === undefined ? undefined : Number(size);
  } catch {
    return undefined;
  }
}

/** st_value of `name` in the ELF file `binary`; undefined when unreadable or absent. */
export function resolveUserSymbol(binary: string, name: string): bigint | undefined {
  try {
    return elfSymbolValue(new Uint8Array(readFileSync(binary)), name);
  } catch {
    return undefined;
  }
}
