// Attach points bpftrace 0.17 refuses (or warns about) before attaching: kprobe
// arity, offsets and banned kretprobes, untraceable functions, watchpoint syntax.
// Expected messages are NOT here: `node packages/typecheck/test/record-probe-checks.mjs`
// (root, under the kernel lock) runs bpftrace 0.17 on each and writes
// fixtures/probe-checks.json. `machine`: needs this machine's kernel function list.
export const cases = [
  { name: 'kprobe-target', script: 'kprobe:syscalls:sys_exit_nanosleep { exit(); }' },
  { name: 'kretprobe-target', script: 'kretprobe:syscalls:sys_exit_nanosleep { exit(); }' },
  { name: 'kretprobe-offset', script: 'kretprobe:vfs_read+4 { exit(); }' },
  { name: 'kprobe-two-offsets', script: 'kprobe:vfs_read+4+5 { exit(); }' },
  { name: 'kretprobe-banned-raw-spin-lock', script: 'kretprobe:_raw_spin_lock { exit(); }' },
  { name: 'kretprobe-banned-irqsave', script: 'kretprobe:_raw_spin_lock_irqsave { exit(); }' },
  { name: 'kretprobe-banned-irqrestore', script: 'kretprobe:_raw_spin_unlock_irqrestore { exit(); }' },
  { name: 'kretprobe-banned-slowpath', script: 'kretprobe:queued_spin_lock_slowpath { exit(); }' },
  { name: 'kprobe-not-traceable', script: 'kprobe:no_such_function_xyz { exit(); }', warning: true, machine: true },
  { name: 'software-arity', script: 'software:faults:1:2 { exit(); }' },
  { name: 'usdt-arity', script: 'usdt:/bin/true { exit(); }' },
  { name: 'rawtracepoint-arity', script: 'rawtracepoint:a:b { exit(); }', note: '0.17 aborts on every rawtracepoint' },
  { name: 'watchpoint-arity', script: 'watchpoint:0x10000000:8 { exit(); }' },
  { name: 'watchpoint-bad-address', script: 'watchpoint:abc:8:w { exit(); }', note: '0.17 says only "stoull"' },
  { name: 'watchpoint-zero-address', script: 'watchpoint:0x0:8:w { exit(); }' },
  { name: 'watchpoint-length', script: 'watchpoint:0x10000000:3:w { exit(); }' },
  { name: 'watchpoint-mode-letter', script: 'watchpoint:0x10000000:8:q { exit(); }' },
  { name: 'watchpoint-mode-read-only', script: 'watchpoint:0x10000000:8:r { exit(); }' },
  { name: 'watchpoint-mode-duplicate', script: 'watchpoint:0x10000000:8:ww { exit(); }' },
  { name: 'watchpoint-mode-wx', script: 'watchpoint:0x10000000:8:xw { exit(); }' },
  { name: 'asyncwatchpoint-address', script: 'asyncwatchpoint:0x10000000:8:w { exit(); }' },
  { name: 'watchpoint-func-bad-arg', script: 'watchpoint:increment+foo:4:w { exit(); }' },
  { name: 'watchpoint-func-arg9', script: 'watchpoint:increment+arg9:4:w { exit(); }', params: ['-c', '/bin/true'] },
];
