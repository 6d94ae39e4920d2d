// Checks before touching the kernel, each giving one clear line instead of a
// confusing libbpf failure later.

import { existsSync } from 'node:fs';

/** bpftrace's line, with our name; the meaning is unchanged. */
export const NOT_ROOT = 'bpftrace-ts currently only supports running as the root user.';

export function isRoot(): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === 0;
}

/** undefined when BPF programs can be loaded here, else why not. */
export function bpfUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `BPF is only available on Linux (this is ${process.platform})`;
  // The sysctl exists exactly when the kernel has the bpf() syscall (CONFIG_BPF_SYSCALL).
  if (!existsSync('/proc/sys/kernel/unprivileged_bpf_disabled')) {
    return 'BPF is not available on this kernel (CONFIG_BPF_SYSCALL is not set)';
  }
  return undefined;
}
