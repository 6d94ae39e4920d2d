// BEGIN and END are raw tracepoint programs ("raw_tp/bpftrace_begin",
// "raw_tp/bpftrace_end") that we run once, in our own process, with
// BPF_PROG_TEST_RUN: no hook to attach, nothing to detach.
import { testRun, type BpfProgram } from '@bpftrace-ts/libbpf-ts';

export const BEGIN_SECTION = 'raw_tp/bpftrace_begin';
export const END_SECTION = 'raw_tp/bpftrace_end';

/** Run `prog` once on the current CPU; returns the program's return value. */
export function runOnce(prog: BpfProgram): number {
  return testRun(prog);
}
