// Run a loaded program once in the calling process with BPF_PROG_TEST_RUN: no hook
// to attach (raw tracepoint programs, e.g. a "begin" program, run this way).
import { native } from './libbpf.js';
import { check } from './errors.js';
import type { BpfProgram } from './object.js';

/** Run `prog` once on the current CPU; returns the program's return value. */
export function testRun(prog: BpfProgram): number {
  const { bpf, types } = native();
  const opts = {
    sz: types.bpf_test_run_opts.size, data_in: null, data_out: null, data_size_in: 0, data_size_out: 0,
    ctx_in: null, ctx_out: null, ctx_size_in: 0, ctx_size_out: 0,
    retval: 0, repeat: 0, duration: 0, flags: 0, cpu: 0, batch_size: 0,
  };
  check(bpf.bpf_prog_test_run_opts(prog.fd, opts), `run ${prog.name}`);
  return opts.retval;
}
