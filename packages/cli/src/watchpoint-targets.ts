// Watchpoints on a function's argument (`watchpoint:func+argN:len:mode`) watch the traced
// process, so their function is looked up in its binary: the -c command's (its first
// word, found as execvp finds it) or, with -p, /proc/PID/exe, as in bpftrace 0.17. That
// binary becomes the attach point's target and part of the name `probe` prints, and a
// `*` in the function is matched against the binary's functions (no match: nothing to
// attach, not an error, as in 0.17).

import { error, type AttachPoint, type Diagnostic } from '@bpftrace-ts/parser';
import { lookupProbeType, type CheckedProgram, type ResolvedAttach } from '@bpftrace-ts/typecheck';
import { resolveCommand } from '@bpftrace-ts/runtime';
import { fileFunctions, partMatcher } from './user-probes.js';
import { splitCommand } from './command-split.js';

const isFunctionWatchpoint = (a: ResolvedAttach) =>
  (a.probeType === 'watchpoint' || a.probeType === 'asyncwatchpoint') && a.func !== undefined;

/** The traced binary: the -c command's (as written when it contains a '/'), else the -p process's. */
export function watchedBinary(command: string | undefined, pid: number | undefined): string | undefined {
  if (command !== undefined) {
    const split = splitCommand(command);
    const first = split.ok ? split.argv[0] : undefined;
    return first === undefined ? undefined : resolveCommand(first) ?? first;
  }
  return pid !== undefined ? `/proc/${pid}/exe` : undefined;
}

/** bpftrace's name for a function watchpoint: `watchpoint:BINARY:FUNC[:N]:LEN:MODE` (N only when not 0). */
export function functionWatchpointName(a: ResolvedAttach, binary: string, func: string): string {
  return `${a.probeType}:${binary}:${func}${a.argNum ? `:${a.argNum}` : ''}:${a.len}:${a.mode}`;
}

/** The attach point of a clause that a function watchpoint came from (for a diagnostic's range). */
function attachPointOf(aps: readonly AttachPoint[], a: ResolvedAttach): AttachPoint | undefined {
  return aps.find((ap) => lookupProbeType(ap.provider)?.type === a.probeType && ap.parts[0]?.startsWith(`${a.func}+`));
}

/**
 * Sets each function watchpoint's target and name (expanding wildcards) in place; returns
 * bpftrace's error for each one when there is neither -c nor -p.
 */
export function resolveWatchpointTargets(checked: CheckedProgram, file: string, run: { command?: string; pid?: number }): Diagnostic[] {
  const diags: Diagnostic[] = [];
  const binary = watchedBinary(run.command, run.pid);
  for (const cp of checked.probes) {
    if (!cp.attach.some(isFunctionWatchpoint)) continue;
    cp.attach = cp.attach.flatMap((a): ResolvedAttach[] => {
      if (!isFunctionWatchpoint(a)) return [a];
      if (binary === undefined) {
        const d = error('probe/watchpoint-needs-process', '-p PID or -c CMD required for watchpoint', attachPointOf(cp.probe.attachPoints, a)?.range ?? cp.probe.range);
        d.file = file;
        diags.push(d);
        return [a];
      }
      const funcs = a.func!.includes('*') ? fileFunctions(binary).filter(partMatcher(a.func)) : [a.func!];
      return funcs.map((func) => ({ ...a, target: binary, func, name: functionWatchpointName(a, binary, func) }));
    });
  }
  return diags;
}
