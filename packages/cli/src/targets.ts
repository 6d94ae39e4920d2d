// uprobe/usdt targets name files, which the (I/O-free) type checker cannot look at.
// Here each target is resolved like bpftrace 0.17 does (a path as written; else a
// library name `libNAME`, see libraries.ts; else a name on PATH) and a missing one
// becomes a diagnostic pointing at its probe. A target need not be executable
// (libraries are often mode 0644): it must exist and be a readable ELF file.

import { closeSync, openSync, readSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { error, type Diagnostic } from '@bpftrace-ts/parser';
import type { CheckedProgram } from '@bpftrace-ts/typecheck';
import { hasElfMagic } from '@bpftrace-ts/runtime';
import { resolveLibrary } from './libraries.js';

const FILE_PROBES = new Set(['uprobe', 'uretprobe', 'usdt']);

/** True when `path` is a readable file starting with the ELF magic. */
export function isElfFile(path: string): boolean {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    const magic = new Uint8Array(4);
    return readSync(fd, magic, 0, 4, 0) === 4 && hasElfMagic(magic);
  } catch {
    return false; // missing, unreadable, or a directory (EISDIR)
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** The file a target names, as bpftrace prints it (no symlinks resolved), or undefined. */
export function resolveTarget(target: string, pid?: number): string | undefined {
  if (target.includes('/')) return isElfFile(target) ? target : undefined;
  const lib = resolveLibrary(target, pid);
  if (lib !== undefined && isElfFile(lib)) return lib;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const p = join(dir || '.', target);
    if (isElfFile(p)) return p;
  }
  return undefined;
}

/**
 * Rewrites targets (and the probe names `probe` prints) to the resolved paths in place;
 * returns a diagnostic per missing one. `pid` (-p) looks libraries up in that process.
 */
export function resolveProbeTargets(checked: CheckedProgram, file: string, pid?: number): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const cp of checked.probes) {
    for (const a of cp.attach) {
      if (!FILE_PROBES.has(a.probeType) || a.target === undefined || a.target.includes('*')) continue;
      const path = resolveTarget(a.target, pid);
      if (path) {
        const prefix = `${a.probeType}:${a.target}:`;
        if (a.name.startsWith(prefix)) a.name = `${a.probeType}:${path}:${a.name.slice(prefix.length)}`;
        a.target = path;
        continue;
      }
      const ap = cp.probe.attachPoints.find((p) => p.parts[0] === a.target) ?? cp.probe.attachPoints[0];
      const d = error('probe/target-not-found', `${a.probeType === 'usdt' ? 'usdt' : 'uprobe'} target file '${a.target}' does not exist or is not executable`, ap?.range ?? cp.probe.range);
      d.file = file;
      diags.push(d);
    }
  }
  return diags;
}
