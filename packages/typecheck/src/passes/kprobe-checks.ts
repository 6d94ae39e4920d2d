// What bpftrace 0.17 checks of a kprobe/kretprobe function before attaching:
// the offset syntax, the kretprobes it refuses (they can lock up the machine),
// and whether the kernel can trace the function at all (a warning: attaching
// will likely fail, but other attach points of the probe may still work).
import type { KernelInfo } from '../kernel/kernel-info.js';

/**
 * Locking functions the kernel does not mark `notrace` but that a kretprobe
 * must not hook: the return trampoline takes the same locks.
 */
export const BANNED_KRETPROBES: ReadonlySet<string> = new Set([
  '_raw_spin_lock', '_raw_spin_lock_irqsave', '_raw_spin_unlock_irqrestore', 'queued_spin_lock_slowpath',
]);

export interface KprobeProblem {
  severity: 'error' | 'warning';
  message: string;
}

const traceable = new WeakMap<readonly string[], ReadonlySet<string>>();

function traceableSet(kernel: KernelInfo): ReadonlySet<string> | undefined {
  const fns = kernel.kernelFunctions?.();
  if (!fns || fns.length === 0) return undefined; // unknown: do not guess
  let set = traceable.get(fns);
  if (!set) traceable.set(fns, (set = new Set(fns)));
  return set;
}

/** The first problem with `kprobe:FUNC` / `kretprobe:FUNC` (FUNC as written, maybe `name+offset`). */
export function kprobeProblem(type: 'kprobe' | 'kretprobe', func: string, kernel: KernelInfo): KprobeProblem | undefined {
  const plus = func.split('+').length - 1;
  if (plus > 0 && type === 'kretprobe') return { severity: 'error', message: 'Offset not allowed' };
  if (plus > 1) return { severity: 'error', message: 'Cannot take more than one offset' };
  const name = func.split('+')[0]!;
  if (type === 'kretprobe' && BANNED_KRETPROBES.has(name)) {
    return { severity: 'error', message: `error: kretprobe:${name} can't be used as it might lock up your system.` };
  }
  if (name.includes('*')) return undefined;
  const known = traceableSet(kernel);
  if (known && !known.has(name)) {
    return {
      severity: 'warning',
      message: `${name} is not traceable (either non-existing, inlined, or marked as "notrace"); attaching to it will likely fail`,
    };
  }
  return undefined;
}
