// Kernel symbols from /proc/kallsyms (read once, lazily): name and offset of an address.
import { readFileSync } from 'node:fs';
import { lookupSymbol } from './elf.js';

let table: { addr: bigint; size: bigint; name: string }[] | undefined;

function load(): { addr: bigint; size: bigint; name: string }[] {
  const rows: { addr: bigint; size: bigint; name: string }[] = [];
  try {
    for (const line of readFileSync('/proc/kallsyms', 'utf8').split('\n')) {
      const [addr, type, name] = line.split(/\s+/);
      if (!addr || !name || !type || !/[tTwW]/.test(type)) continue;
      const a = BigInt('0x' + addr);
      if (a !== 0n) rows.push({ addr: a, size: 0n, name });
    }
  } catch { /* unreadable: addresses print as numbers */ }
  return rows.sort((x, y) => (x.addr < y.addr ? -1 : x.addr > y.addr ? 1 : 0));
}

/** The kernel function containing `addr` and the offset into it. */
export function kernelSymbol(addr: bigint): { name: string; offset: bigint } | undefined {
  return lookupSymbol((table ??= load()), addr);
}
