// uprobe/usdt targets name files, which the (I/O-free) type checker cannot look at.
// Here each target is resolved like bpftrace 0.17 does (a path as written; else a
// library name `libNAME`, see libraries.ts; else a name on PATH; else a file in the working directory) and a missing one
// becomes a diagnostic pointing at its probe. A target need not be executable
// (libraries are often mode 0644): it must exist and be a readable ELF file.

import { closeSync, openSync, readSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { error, type Diagnostic } from '@bpftrace-ts/parser';
import type { CheckedProgram, ResolvedAttach } from '@bpftrace-ts/typecheck';
import { hasElfMagic, resolveUserSymbolSize } from '@bpftrace-ts/runtime';
import { resolveLibrary } from './libraries.js';
import { fileFunctions, fileUsdtProbes, partMatcher, targetFiles } from './user-probes.js';

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
  if (target.includes('/')) {
    if (isElfFile(target)) return target;
    // -p: a path in the process's own mount namespace, seen through its root.
    const inProcess = pid !== undefined && target.startsWith('/') ? `/proc/${pid}/root${target}` : undefined;
    return inProcess !== undefined && isElfFile(inProcess) ? inProcess : undefined;
  }
  const lib = resolveLibrary(target, pid);
  if (lib !== undefined && isElfFile(lib)) return lib;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const p = join(dir || '.', target);
    if (isElfFile(p)) return p;
  }
  // Last, a file of that name in the working directory, kept as written (bpftrace lists `uprobe:prog:f`).
  return isElfFile(target) ? target : undefined;
}

/** uaddr()'s symbol size in a uprobe target as written (the type checker's userSymbolSize). */
export function hostUserSymbolSize(target: string, name: string, pid?: number): number | undefined {
  const file = resolveTarget(target, pid);
  return file === undefined ? undefined : resolveUserSymbolSize(file, name);
}

/**
 * Rewrites targets (and the probe names `probe` prints) to the resolved paths in place,
 * expanding wildcards of uprobe and usdt attach points (file globs, function and probe
 * names) against the files; returns a diagnostic per missing target. `pid` (-p) looks
 * libraries up in that process and stands for the target when it is left empty.
 */
export function resolveProbeTargets(checked: CheckedProgram, file: string, pid?: number, messages: string[] = []): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const cp of checked.probes) {
    const attach: ResolvedAttach[] = [];
    for (const a of cp.attach) {
      if (!FILE_PROBES.has(a.probeType) || a.target === undefined) { attach.push(a); continue; }
      const expanded = expandUserAttach(a, messages, pid);
      if (expanded) { attach.push(...expanded); continue; }
      attach.push(a);
      const ap = cp.probe.attachPoints.find((p) => p.parts[0] === a.target) ?? cp.probe.attachPoints[0];
      const d = error('probe/target-not-found', `${a.probeType === 'usdt' ? 'usdt' : 'uprobe'} target file '${a.target}' does not exist or is not executable`, ap?.range ?? cp.probe.range);
      d.file = file;
      diags.push(d);
    }
    cp.attach = attach;
  }
  return diags;
}

const hasWildcard = (s: string | undefined) => s !== undefined && s.includes('*');

/**
 * The attach points one uprobe/usdt attach point stands for; undefined when its target
 * names no file. As in bpftrace 0.17, a usdt probe the file lacks is left out silently
 * (uprobes: attach.ts), and a usdt name without provider that several providers define
 * is left out with a message (`messages`, printed as bpftrace prints them).
 */
function expandUserAttach(a: ResolvedAttach, messages: string[], pid?: number): ResolvedAttach[] | undefined {
  const target = a.target!;
  const files = targetFiles(target, a.probeType, pid);
  if (files.length === 0) return target.includes('*') ? [] : undefined;
  const out: ResolvedAttach[] = [];
  for (const path of files) {
    if (a.probeType === 'usdt') {
      const provider = partMatcher(a.ns), name = partMatcher(a.func);
      const found = fileUsdtProbes(path).filter((p) => provider(p.provider) && name(p.name));
      if (!a.ns && !hasWildcard(a.func) && found.length > 1) {
        messages.push(`ERROR: namespace for usdt:${path}:${a.func} not specified, matched ${found.length} probes`,
          "INFO: please specify a unique namespace or use '*' to attach to all matched probes");
        continue;
      }
      for (const p of found) out.push({ ...a, target: path, ns: p.provider, func: p.name, name: `usdt:${path}:${p.provider}:${p.name}` });
    } else if (hasWildcard(a.func)) {
      const match = partMatcher(a.func);
      for (const f of fileFunctions(path)) if (match(f)) out.push({ ...a, target: path, func: f, name: `${a.probeType}:${path}:${f}` });
    } else {
      const prefix = `${a.probeType}:${target}:`;
      out.push({ ...a, target: path, name: a.name.startsWith(prefix) ? `${a.probeType}:${path}:${a.name.slice(prefix.length)}` : a.name });
    }
  }
  return out;
}
