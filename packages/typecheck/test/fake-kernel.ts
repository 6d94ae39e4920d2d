// An in-memory KernelInfo for tests: a handful of real tracepoint formats read from
// tracefs at test time (tests may do I/O; the package may not), parsed with the
// kernel package's parseTracepointFormat. The tracepoint list also has a few names
// without formats, so wildcard expansion has something to match.
import { readFileSync, existsSync } from 'node:fs';
import { parseTracepointFormat, type KernelInfo, type TracepointFormat } from '../src/index.js';

const TRACEFS = '/sys/kernel/tracing/events';

export const FAKE_TRACEPOINTS = [
  'syscalls:sys_enter_openat', 'syscalls:sys_exit_openat',
  'syscalls:sys_enter_read', 'syscalls:sys_exit_read',
  'syscalls:sys_enter_write', 'syscalls:sys_exit_write',
  'syscalls:sys_enter_execve', 'syscalls:sys_exit_execve',
  'raw_syscalls:sys_enter', 'raw_syscalls:sys_exit',
  'block:block_rq_insert', 'block:block_rq_issue',
];

export function fakeKernel(opts: { fentry?: boolean } = {}): KernelInfo {
  const formats = new Map<string, TracepointFormat>();
  for (const tp of FAKE_TRACEPOINTS) {
    const [cat, ev] = tp.split(':') as [string, string];
    const path = `${TRACEFS}/${cat}/${ev}/format`;
    if (existsSync(path)) formats.set(tp, parseTracepointFormat(readFileSync(path, 'utf8'), cat, ev));
  }
  return {
    tracepoints: () => FAKE_TRACEPOINTS,
    tracepointFormat: (c, e) => formats.get(`${c}:${e}`),
    record: (name) => (name === 'task_struct'
      ? { name, union: false, size: 9472, fields: [{ name: 'pid', offset: 2464, type: { kind: 'int', name: 'int', size: 4, signed: true } }] }
      : undefined),
    features: { kprobes: false, fentry: opts.fentry ?? false, uprobes: true, ringbuf: true, attachCookie: true },
  };
}
