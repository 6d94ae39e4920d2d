// rawtracepoint:EVENT through BPF_RAW_TRACEPOINT_OPEN (libbpf's raw tracepoint
// attach). The kernel refuses a program that reads more arguments than the
// tracepoint has (EINVAL, kind `attach`), and an unknown name (ENOENT, kind `not-found`).
import { native } from './libbpf.js';
import { libbpfAttach, type Link } from './link.js';
import type { BpfProgram } from './object.js';

export interface RawTracepointTarget {
  event: string;
}

export function attachRawTracepoint(prog: BpfProgram, t: RawTracepointTarget): Link {
  const target = `rawtracepoint:${t.event}`;
  const { bpf } = native();
  return libbpfAttach(target, () => bpf.bpf_program__attach_raw_tracepoint(prog.ptr, t.event),
    (errno) => errno === 2 ? { kind: 'not-found', message: `rawtracepoint not found: ${t.event}` } : undefined);
}
