// User-space symbols: an address in process PID -> the mapping holding it in
// /proc/PID/maps -> the ELF file's symbol for it. Maps are cached per pid (and
// re-read once on a miss, for libraries mapped later); ELF tables per path.
import { readFileSync } from 'node:fs';
import { fileOffsetToVaddr, lookupSymbol, readElfSymbols, type ElfSymbols } from './elf.js';

interface Mapping { start: bigint; end: bigint; offset: bigint; path: string }

const elfCache = new Map<string, ElfSymbols | undefined>();
const mapsCache = new Map<string, Mapping[] | undefined>();

/** Parse /proc/PID/maps text: only file-backed mappings. */
export function parseMaps(text: string): Mapping[] {
  const out: Mapping[] = [];
  for (const line of text.split('\n')) {
    const m = /^([0-9a-f]+)-([0-9a-f]+)\s+\S+\s+([0-9a-f]+)\s+\S+\s+\d+\s+(\/.*)$/.exec(line);
    if (!m) continue;
    out.push({ start: BigInt('0x' + m[1]), end: BigInt('0x' + m[2]), offset: BigInt('0x' + m[3]), path: m[4]!.replace(/ \(deleted\)$/, '') });
  }
  return out;
}

function readMaps(pid: bigint): Mapping[] | undefined {
  try {
    return parseMaps(readFileSync(`/proc/${pid}/maps`, 'utf8'));
  } catch {
    return undefined; // gone: its stacks print as addresses, as bpftrace's do
  }
}

function elfOf(path: string, pid: bigint): ElfSymbols | undefined {
  if (elfCache.has(path)) return elfCache.get(path);
  let elf: ElfSymbols | undefined;
  // Through /proc/PID/root too, for processes in another mount namespace.
  for (const p of [path, `/proc/${pid}/root${path}`]) {
    try {
      elf = readElfSymbols(readFileSync(p));
      if (elf) break;
    } catch { /* try the next */ }
  }
  elfCache.set(path, elf);
  return elf;
}

function find(maps: Mapping[] | undefined, addr: bigint): Mapping | undefined {
  return maps?.find((m) => addr >= m.start && addr < m.end);
}

/** The function containing `addr` in process `pid`, and the offset into it. */
export function userSymbol(addr: bigint, pid: bigint): { name: string; offset: bigint; module: string } | undefined {
  const key = String(pid);
  if (!mapsCache.has(key)) mapsCache.set(key, readMaps(pid));
  let m = find(mapsCache.get(key), addr);
  if (!m) {
    const fresh = readMaps(pid);
    if (fresh) mapsCache.set(key, fresh);
    m = find(fresh, addr);
  }
  if (!m) return undefined;
  const elf = elfOf(m.path, pid);
  if (!elf) return undefined;
  const vaddr = fileOffsetToVaddr(elf, addr - m.start + m.offset);
  const sym = vaddr === undefined ? undefined : lookupSymbol(elf.symbols, vaddr);
  return sym && { ...sym, module: m.path };
}

/** Read one process's maps now (cached for later lookups), e.g. before it exits. */
export function rememberProcess(pid: number | bigint): void {
  const maps = readMaps(BigInt(pid));
  if (maps) mapsCache.set(String(pid), maps);
}

/** Forget cached maps (tests; long sessions where pids are reused). */
export function forgetProcesses(): void {
  mapsCache.clear();
}
