// Host lookups the pure renderers can't do themselves: user names from
// /etc/passwd and kernel symbols from /proc/kallsyms (both read lazily, once).
import { readFileSync } from 'node:fs';
import type { Resolvers } from './output/index.js';

let users: Map<bigint, string> | undefined;
let ksyms: { addrs: bigint[]; names: string[] } | undefined;

function loadUsers(): Map<bigint, string> {
  const m = new Map<bigint, string>();
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const f = line.split(':');
      if (f.length > 2 && /^\d+$/.test(f[2]!)) m.set(BigInt(f[2]!), f[0]!);
    }
  } catch { /* no passwd: print uids */ }
  return m;
}

function loadKsyms(): { addrs: bigint[]; names: string[] } {
  const rows: [bigint, string][] = [];
  try {
    for (const line of readFileSync('/proc/kallsyms', 'utf8').split('\n')) {
      const [addr, type, name] = line.split(/\s+/);
      if (!addr || !name || !type || !/[tTwW]/.test(type)) continue;
      const a = BigInt('0x' + addr);
      if (a !== 0n) rows.push([a, name]);
    }
  } catch { /* unreadable: print addresses */ }
  rows.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : 0));
  return { addrs: rows.map((r) => r[0]), names: rows.map((r) => r[1]) };
}

/** Kernel symbol containing `addr` (bpftrace's ksym() prints the name without offset). */
export function ksymName(addr: bigint): string | undefined {
  ksyms ??= loadKsyms();
  const { addrs, names } = ksyms;
  let lo = 0, hi = addrs.length - 1, found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (addrs[mid]! <= addr) { found = mid; lo = mid + 1; } else hi = mid - 1;
  }
  return found >= 0 ? names[found] : undefined;
}

export const hostResolvers: Resolvers = {
  username: (uid) => (users ??= loadUsers()).get(uid),
  ksym: ksymName,
  // TODO: usym (ELF symbols via /proc/PID/maps) and stacks (needs the stack map named in the manifest).
};
