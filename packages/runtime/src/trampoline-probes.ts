// kfunc/kretfunc and iter probes need the kernel's BPF tracing program type
// (fentry/fexit), which some kernels lack (this VM's does). The session checks
// before loading, so the user gets one line instead of the verifier's refusal.
import type { Manifest } from '@bpftrace-ts/artifact';
import { tracingAvailable } from '@bpftrace-ts/libbpf-ts';

/** The probes of `manifest` that need the tracing program type ("kfunc:vfs_read", "iter:task"). */
export function trampolineProbes(manifest: Manifest): string[] {
  return manifest.programs.flatMap((p) => p.attach.flatMap((a) =>
    a.type === 'kfunc' || a.type === 'iter' ? [manifest.probeNames[a.cookie] ?? p.section] : []));
}

/** One line saying why the object can't run here, or undefined when it can. */
export function trampolinePreflight(manifest: Manifest): string | undefined {
  const probes = trampolineProbes(manifest);
  if (probes.length === 0 || tracingAvailable()) return undefined;
  return `${probes[0]}: kfunc/kretfunc and iter probes need the BPF tracing program type (fentry/fexit), which this kernel does not support`;
}
