// uprobe/usdt targets name files, which the (I/O-free) type checker cannot look at.
// Here each target is resolved like bpftrace does (a path, else a name on PATH) and
// a missing one becomes a diagnostic pointing at its probe.

import { accessSync, constants, realpathSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { error, type Diagnostic } from '@bpftrace-ts/parser';
import type { CheckedProgram } from '@bpftrace-ts/typecheck';

const FILE_PROBES = new Set(['uprobe', 'uretprobe', 'usdt']);

function executable(path: string): boolean {
  try { accessSync(path, constants.X_OK); return true; } catch { return false; }
}

export function resolveTarget(target: string): string | undefined {
  if (target.includes('/')) return executable(target) ? realpathSync(resolve(target)) : undefined;
  for (const dir of (process.env.PATH ?? '/usr/bin:/bin').split(delimiter)) {
    const p = join(dir || '.', target);
    if (executable(p)) return realpathSync(p);
  }
  return undefined;
}

/** Rewrites targets to absolute paths in place; returns a diagnostic per missing one. */
export function resolveProbeTargets(checked: CheckedProgram, file: string): Diagnostic[] {
  const diags: Diagnostic[] = [];
  for (const cp of checked.probes) {
    for (const a of cp.attach) {
      if (!FILE_PROBES.has(a.probeType) || a.target === undefined || a.target.includes('*')) continue;
      const path = resolveTarget(a.target);
      if (path) { a.target = path; continue; }
      const ap = cp.probe.attachPoints.find((p) => p.parts[0] === a.target) ?? cp.probe.attachPoints[0];
      const d = error('probe/target-not-found', `${a.probeType === 'usdt' ? 'usdt' : 'uprobe'} target file '${a.target}' does not exist or is not executable`, ap?.range ?? cp.probe.range);
      d.file = file;
      diags.push(d);
    }
  }
  return diags;
}
