// kfunc/kretfunc (fentry/fexit) and iter programs: both need the kernel's BPF
// tracing program type (BPF_PROG_TYPE_TRACING), which some kernels lack (this
// VM's does). The session checks before loading, so the user gets one line
// instead of the verifier's refusal; where it exists, libbpf attaches fentry/fexit
// by section. iter output (reading the iterator's fd) is not implemented yet.
import type { Manifest } from '@bpftrace-ts/artifact';
import { native } from './libbpf.js';
import { libbpfAttach, type Link } from './link.js';
import { BpfError, EOPNOTSUPP } from './errors.js';
import type { BpfProgram } from './object.js';

const BPF_PROG_TYPE_TRACING = 26;

export interface TrampolineTarget { func: string; retprobe: boolean; cookie: number | bigint }

let tracing: boolean | undefined;

export function tracingAvailable(): boolean {
  return (tracing ??= native().bpf.libbpf_probe_bpf_prog_type(BPF_PROG_TYPE_TRACING, null) === 1);
}

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

export function attachTrampoline(prog: BpfProgram, t: TrampolineTarget): Link {
  const target = `${t.retprobe ? 'kretfunc' : 'kfunc'}:${t.func}`;
  const { bpf } = native();
  return libbpfAttach(target, () => bpf.bpf_program__attach(prog.ptr), () => `Error attaching probe: '${target}'`);
}

export function attachIter(_prog: BpfProgram, t: { target: string }): Link {
  throw new BpfError(`iter:${t.target}: iter probes are not supported by the runtime yet`, EOPNOTSUPP);
}
