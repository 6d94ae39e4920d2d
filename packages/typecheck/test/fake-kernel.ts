// An in-memory KernelInfo for tests: a handful of real tracepoint formats, taken from the
// kernel profile shipped with the CLI (so no tracefs is needed, and every machine gets the
// same answers). The tracepoint list also has a few names without formats, so wildcard
// expansion has something to match.
import type { KernelInfo, TracepointFormat } from '../src/index.js';
import { shippedKernel } from '../../../test/support/this-kernel.js';

export const FAKE_TRACEPOINTS = [
  'syscalls:sys_enter_openat', 'syscalls:sys_exit_openat',
  'syscalls:sys_enter_read', 'syscalls:sys_exit_read',
  'syscalls:sys_enter_write', 'syscalls:sys_exit_write',
  'syscalls:sys_enter_execve', 'syscalls:sys_exit_execve',
  'raw_syscalls:sys_enter', 'raw_syscalls:sys_exit',
  'block:block_rq_insert', 'block:block_rq_issue',
];

export function fakeKernel(opts: { fentry?: boolean } = {}): KernelInfo {
  const features = { kprobes: false, fentry: opts.fentry ?? false, uprobes: true, ringbuf: true, attachCookie: true };
  const shipped = shippedKernel(features);
  const formats = new Map<string, TracepointFormat>();
  for (const tp of FAKE_TRACEPOINTS) {
    const [cat, ev] = tp.split(':') as [string, string];
    const fmt = shipped.tracepointFormat(cat, ev);
    if (fmt) formats.set(tp, fmt);
  }
  return {
    tracepoints: () => FAKE_TRACEPOINTS,
    tracepointFormat: (c, e) => formats.get(`${c}:${e}`),
    record: (name) => (name === 'task_struct'
      ? { name, union: false, size: 9472, fields: [{ name: 'pid', offset: 2464, type: { kind: 'int', name: 'int', size: 4, signed: true } }] }
      : undefined),
    features,
  };
}
