// Host lookups the pure renderers can't do themselves: user names from
// /etc/passwd, kernel symbols from /proc/kallsyms, user symbols from the ELF
// files a process maps (all read lazily, once). Stacks need the loaded object:
// see stack-resolver.ts.
import { readFileSync } from 'node:fs';
import type { Resolvers } from './output/index.js';
import { kernelSymbol, userSymbol } from './symbols/index.js';
import { demangle } from './symbols/demangle.js';
import { bootTimeNs } from './clock.js';
import { cgroupPathText } from './cgroups.js';
import { strerror } from '@bpftrace-ts/libbpf-ts';

let users: Map<bigint, string> | undefined;

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

/** Kernel symbol containing `addr` (bpftrace's ksym() prints the name without offset). */
export function ksymName(addr: bigint): string | undefined {
  return kernelSymbol(addr)?.name;
}

/**
 * How user addresses are named: BPFTRACE_NO_USER_SYMBOLS prints them as addresses
 * (resolve false), BPFTRACE_NO_CPP_DEMANGLE keeps C++ names mangled (demangle false).
 */
export interface UserSymbolOptions { resolve?: boolean; demangle?: boolean }

/** The user symbol at `addr` of process `pid`, as the options say to print it. */
export function userSymbolFor(opts: UserSymbolOptions): (addr: bigint, pid: bigint) => { name: string; offset: bigint; module: string } | undefined {
  if (opts.resolve === false) return () => undefined;
  const demangled = opts.demangle !== false;
  return (addr, pid) => {
    const s = userSymbol(addr, pid);
    return s && demangled ? { ...s, name: demangle(s.name) } : s;
  };
}

/** hostResolvers with user symbols named as `opts` say. */
export function hostResolversWith(opts: UserSymbolOptions): Resolvers {
  const sym = userSymbolFor(opts);
  return { ...hostResolvers, usym: (addr, pid) => (pid !== undefined ? sym(addr, pid)?.name : undefined) };
}

export const hostResolvers: Resolvers = {
  username: (uid) => (users ??= loadUsers()).get(uid),
  ksym: ksymName,
  // usym()/func print the name only, like ksym; without a pid there is nothing to look in.
  usym: (addr, pid) => (pid !== undefined ? userSymbol(addr, pid)?.name : undefined),
  bootTimeNs,
  cgroupPath: cachedCgroupPath,
  strerror: errnoText,
};

/**
 * strerror(3)'s text. libbpf_strerror gives the C library's for the usual errnos, but its
 * own for LIBBPF_ERRNO__* (4000 on) and for a negative one that of its absolute value:
 * those are the C library's "Unknown error N" here, as bpftrace prints them.
 */
function errnoText(errno: number): string {
  if (errno < 0 || (errno >= 4000 && errno < 4100)) return `Unknown error ${errno}`;
  return strerror(errno);
}

// cgroup_path() is resolved per printed value (per event for printf) by reading
// /proc/mounts and walking the hierarchies: remember each answer for the run.
const cgroupPaths = new Map<string, string>();
function cachedCgroupPath(id: bigint, filter: string): string {
  const key = `${id}\0${filter}`;
  let text = cgroupPaths.get(key);
  if (text === undefined) cgroupPaths.set(key, (text = cgroupPathText(id, filter)));
  return text;
}
