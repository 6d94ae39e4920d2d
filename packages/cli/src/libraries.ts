// Library names as uprobe targets (`uprobe:libc:getpid`), resolved as bpftrace 0.17 does
// (through bcc's which_so): a target `libNAME` without a '/' names the shared library
// `libNAME.so*`. With -p PID the library mapped into that process wins (/proc/PID/maps);
// otherwise the dynamic loader's cache (/etc/ld.so.cache) decides, in the cache's order.
// bpftrace keeps the path as found (no symlinks resolved): that is what `probe` prints.

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface LdCacheEntry {
  /** The soname the cache is keyed by, e.g. "libc.so.6". */
  key: string;
  path: string;
  flags: number;
}

const OLD_MAGIC = 'ld.so-1.7.0';
const NEW_MAGIC = 'glibc-ld.so.cache1.1';

/** Entries of an ld.so.cache image (glibc's new format, alone or after the old one). */
export function parseLdSoCache(b: Uint8Array): LdCacheEntry[] {
  const text = (o: number, n: number) => String.fromCharCode(...b.subarray(o, o + n));
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let base = 0;
  if (text(0, OLD_MAGIC.length) === OLD_MAGIC) {
    // Old header (12 bytes magic, u32 count) and 12-byte entries; the new format follows, 8-aligned.
    const n = dv.getUint32(12, true);
    base = (16 + n * 12 + 7) & ~7;
  }
  if (b.length < base + 48 || text(base, NEW_MAGIC.length) !== NEW_MAGIC) return [];
  const count = dv.getUint32(base + 20, true);
  const cstr = (o: number) => {
    let e = o;
    while (e < b.length && b[e] !== 0) e++;
    return new TextDecoder().decode(b.subarray(o, e));
  };
  const out: LdCacheEntry[] = [];
  for (let i = 0; i < count; i++) {
    const o = base + 48 + i * 24;
    if (o + 24 > b.length) break;
    // String offsets of the new format are relative to its header.
    out.push({ flags: dv.getInt32(o, true), key: cstr(base + dv.getUint32(o + 4, true)), path: cstr(base + dv.getUint32(o + 8, true)) });
  }
  return out;
}

// glibc's dl-cache.h: type libc6 and a 64-bit ABI (what bcc's match_so_flags accepts on a 64-bit host).
const FLAG_ELF_LIBC6 = 0x0003;
const ABI_64 = new Set([0x0100, 0x0200, 0x0300, 0x0400, 0x0500, 0x0a00]);
const matchesHost = (flags: number) => (flags & 0xff) === FLAG_ELF_LIBC6 && ABI_64.has(flags & 0xff00);

/** The first cache entry for `libNAME.so*` of this host's ABI. */
export function libraryInCache(entries: readonly LdCacheEntry[], name: string): string | undefined {
  const prefix = `lib${name}.so`;
  return entries.find((e) => e.key.startsWith(prefix) && matchesHost(e.flags))?.path;
}

/** The first mapping in a /proc/PID/maps text whose file is libNAME.so (`/libNAME.` or `/libNAME-`). */
export function libraryInMaps(maps: string, name: string): string | undefined {
  for (const line of maps.split('\n')) {
    const path = line.split(/\s+/).slice(5).join(' ');
    if (path.includes('.so') && (path.includes(`/lib${name}.`) || path.includes(`/lib${name}-`))) return path;
  }
  return undefined;
}

// Without a loader cache: where the loader looks by default.
const STANDARD_DIRS = ['/lib/x86_64-linux-gnu', '/usr/lib/x86_64-linux-gnu', '/lib/aarch64-linux-gnu',
  '/usr/lib/aarch64-linux-gnu', '/lib64', '/usr/lib64', '/lib', '/usr/lib'];

function libraryInDirs(name: string): string | undefined {
  const prefix = `lib${name}.so`;
  for (const dir of STANDARD_DIRS) {
    let files: string[];
    try { files = readdirSync(dir); } catch { continue; }
    const hit = files.filter((f) => f.startsWith(prefix)).sort()[0];
    if (hit) return join(dir, hit);
  }
  return undefined;
}

let cache: LdCacheEntry[] | undefined;

/** The path of library target `libNAME` (see above), or undefined when it is not one or not found. */
export function resolveLibrary(target: string, pid?: number): string | undefined {
  if (target.includes('/') || !target.startsWith('lib') || target.length === 3) return undefined;
  const name = target.slice(3);
  if (pid !== undefined) {
    try {
      const hit = libraryInMaps(readFileSync(`/proc/${pid}/maps`, 'utf8'), name);
      if (hit) return hit;
    } catch { /* the process is gone or hidden: fall back to the cache */ }
  }
  if (cache === undefined) {
    try { cache = parseLdSoCache(readFileSync('/etc/ld.so.cache')); } catch { cache = []; }
  }
  return cache.length > 0 ? libraryInCache(cache, name) : libraryInDirs(name);
}
