// What user binaries offer to uprobe and usdt probes: file globs (`./bin/prog*`), the
// binaries of a process (-p), function names and USDT notes read from each file.
// Used by `-l` (list-probes.ts) and to expand wildcard attach points (targets.ts).

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { globToRegExp } from '@bpftrace-ts/typecheck';
import { elfFunctions, parseMaps, readUsdtNotes, type UsdtNote } from '@bpftrace-ts/runtime';
import { isElfFile, resolveTarget } from './targets.js';

/** ELF files matching a path glob (`*` within one path part), in sorted order, written like the pattern. */
export function globFiles(pattern: string): string[] {
  if (!pattern.includes('*')) return isElfFile(pattern) ? [pattern] : [];
  const parts = pattern.split('/');
  // Where each candidate is on disk (bases) and how it is written (prefixes, like the pattern).
  let first = 1, bases = [parts[0] === '' ? '/' : parts[0]!], prefixes = [parts[0] === '' ? '/' : parts[0]!];
  if (parts[0]!.includes('*')) { first = 0; bases = ['.']; prefixes = ['']; }
  const under = (prefix: string, n: string) => (prefix === '' ? n : prefix.endsWith('/') ? prefix + n : `${prefix}/${n}`);
  for (let i = first; i < parts.length; i++) {
    const part = parts[i]!;
    const nextBases: string[] = [], nextPrefixes: string[] = [];
    bases.forEach((base, j) => {
      const names = part.includes('*') ? listDir(base).filter((n) => globToRegExp(part).test(n)).sort() : [part];
      for (const n of names) {
        nextBases.push(join(base, n));
        nextPrefixes.push(under(prefixes[j]!, n));
      }
    });
    bases = nextBases; prefixes = nextPrefixes;
  }
  return prefixes.filter((p, j) => isElfFile(bases[j]!));
}

function listDir(dir: string): string[] {
  try { return readdirSync(dir); } catch { return []; }
}

/** The executable of a process as seen from here (through its root: it may live in another mount namespace). */
export function processExe(pid: number): string | undefined {
  try {
    return `/proc/${pid}/root${readlinkSync(`/proc/${pid}/exe`)}`;
  } catch {
    return undefined;
  }
}

/** The executable and the mapped ELF files (shared libraries) of a process, the executable first. */
export function processBinaries(pid: number): string[] {
  const exe = processExe(pid);
  if (exe === undefined) return [];
  const out = [exe];
  let maps = '';
  try { maps = readFileSync(`/proc/${pid}/maps`, 'utf8'); } catch { /* gone */ }
  const self = readlinkSync(`/proc/${pid}/exe`);
  for (const m of parseMaps(maps)) {
    const path = m.path;
    if (!path.startsWith('/') || path === self || !path.includes('.so')) continue;
    const seen = `/proc/${pid}/root${path}`;
    if (!out.includes(seen) && isElfFile(seen)) out.push(seen);
  }
  return out;
}

/**
 * The files a uprobe/usdt target names: a glob's matches; with -p and an empty or `*`
 * target, the process's executable (usdt: and its libraries); else the one resolved file.
 */
export function targetFiles(target: string, probeType: string, pid?: number): string[] {
  if (pid !== undefined && (target === '' || target === '*')) {
    return probeType === 'usdt' ? processBinaries(pid) : [processExe(pid)].filter((p): p is string => p !== undefined);
  }
  if (target.includes('*')) return globFiles(target);
  const path = resolveTarget(target, pid);
  return path === undefined ? [] : [path];
}

const functionsByFile = new Map<string, string[]>();
const notesByFile = new Map<string, UsdtNote[]>();

/** Function names a file defines (sorted, versions dropped). */
export function fileFunctions(path: string): string[] {
  let names = functionsByFile.get(path);
  if (!names) {
    try { names = (elfFunctions(readFileSync(path)) ?? []).map((f) => f.name); } catch { names = []; }
    functionsByFile.set(path, names);
  }
  return names;
}

/** The USDT call sites of a file (one entry per location). */
export function fileUsdtNotes(path: string): UsdtNote[] {
  let notes = notesByFile.get(path);
  if (!notes) {
    try { notes = readUsdtNotes(readFileSync(path)); } catch { notes = []; }
    notesByFile.set(path, notes);
  }
  return notes;
}

/** Distinct probes (provider, name) of a file, in note order, with their number of locations. */
export function fileUsdtProbes(path: string): { provider: string; name: string; locations: number }[] {
  const byKey = new Map<string, { provider: string; name: string; locations: number }>();
  for (const n of fileUsdtNotes(path)) {
    const key = `${n.provider}:${n.name}`;
    const had = byKey.get(key);
    if (had) had.locations++;
    else byKey.set(key, { provider: n.provider, name: n.name, locations: 1 });
  }
  return [...byKey.values()];
}

/** A name part matches a pattern part; an empty pattern part matches anything (`usdt:file::name`). */
export function partMatcher(pattern: string | undefined): (s: string) => boolean {
  if (pattern === undefined || pattern === '' || pattern === '*') return () => true;
  if (!pattern.includes('*')) return (s) => s === pattern;
  const re = globToRegExp(pattern);
  return (s) => re.test(s);
}
