// Checks before touching the kernel, each giving one clear line instead of a
// confusing libbpf failure later. (Whether BPF is there at all: the runtime's runner/run-compiled.ts.)

/** bpftrace's line, with our name; the meaning is unchanged. */
export const NOT_ROOT = 'bpftrace-ts currently only supports running as the root user.';

export function isRoot(): boolean {
  return typeof process.getuid !== 'function' || process.getuid() === 0;
}
