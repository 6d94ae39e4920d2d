// fentry/fexit and iter programs: both need the kernel's BPF tracing program type
// (BPF_PROG_TYPE_TRACING), which some kernels lack: tracingAvailable() tells before
// loading, so a caller can give one line instead of the verifier's refusal. Where it
// exists, libbpf attaches fentry/fexit by section. Iterators (attach, then read the
// iterator's fd) are not implemented yet.
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

export function attachTrampoline(prog: BpfProgram, t: TrampolineTarget): Link {
  const target = `${t.retprobe ? 'fexit' : 'fentry'}:${t.func}`;
  const { bpf } = native();
  return libbpfAttach(target, () => bpf.bpf_program__attach(prog.ptr));
}

export function attachIter(_prog: BpfProgram, t: { target: string }): Link {
  throw new BpfError(`iter:${t.target}: iterators are not supported by libbpf-ts yet`, EOPNOTSUPP, undefined, 'not-supported', `iter:${t.target}`);
}
