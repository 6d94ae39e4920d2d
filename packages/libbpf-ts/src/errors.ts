// Errors from the kernel and libbpf, as one type: a value with a kind, the errno
// and the libbpf log lines captured around the failure.
import { native } from './libbpf.js';

/** What went wrong (see the README's table of kinds). */
export type BpfErrorKind = 'libbpf-unavailable' | 'open' | 'load' | 'unresolved-kernel-symbol' | 'not-found'
  | 'not-supported' | 'attach' | 'invalid-argument' | 'syscall';

export class BpfError extends Error {
  constructor(
    message: string,
    /** Positive errno, when the failure came from a syscall. */
    readonly errno?: number,
    /** libbpf's (and the verifier's) log lines captured around the failure. */
    readonly log?: string,
    /** What went wrong, where a caller must tell it apart. */
    readonly kind: BpfErrorKind = errno === undefined ? 'invalid-argument' : 'syscall',
    /** What the failure is about: the attach target, the missing symbol. */
    readonly subject?: string,
  ) {
    super(message);
    this.name = 'BpfError';
  }

  /** The captured libbpf log, one entry per line. */
  get logLines(): string[] { return this.log ? this.log.split('\n').filter((l) => l !== '') : []; }
}

/** libbpf's text for an errno (it knows libbpf's own LIBBPF_ERRNO__* codes as well). */
export function strerror(errno: number): string {
  const e = Math.abs(errno);
  try {
    const buf = new Uint8Array(256);
    native().bpf.libbpf_strerror(e, buf, buf.length);
    const end = buf.indexOf(0);
    return new TextDecoder().decode(buf.subarray(0, end < 0 ? buf.length : end));
  } catch {
    return `errno ${e}`;
  }
}

/** Throw a BpfError for a negative return value from libbpf's low-level API. */
export function check(ret: number, what: string): number {
  if (ret < 0) throw new BpfError(`${what}: ${strerror(-ret)}`, -ret);
  return ret;
}

export const EPERM = 1;
export const ENOENT = 2;
export const EACCES = 13;
export const EINVAL = 22;
export const ENOSPC = 28;
export const EOPNOTSUPP = 95;
