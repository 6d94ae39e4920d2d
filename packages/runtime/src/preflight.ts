// Checks that give one clear line instead of a confusing libbpf failure later.
import { libbpfUnavailable } from '@bpftrace-ts/libbpf-ts';

/** undefined when a session can run here, else the reason. */
export function preflight(): string | undefined {
  if (process.platform !== 'linux') return `BPF is only available on Linux (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) {
    return 'bpftrace currently only supports running as the root user.';
  }
  return libbpfUnavailable();
}
