// A Link is one attachment of a program to a hook; destroying it detaches.
import { native, lastErrno, type Ptr } from './libbpf.js';
import { BpfError, strerror, type BpfErrorKind } from './errors.js';
import { resetLog, takeLog } from './log.js';

export interface Link {
  /** What it is attached to, e.g. "tracepoint:syscalls:sys_enter_openat". */
  readonly target: string;
  destroy(): void;
  /** Same, on a worker thread: detaching a tracepoint waits for RCU grace periods (~70 ms). */
  destroyAsync?(): Promise<void>;
}

/** A `struct bpf_link *` from libbpf. */
export class LibbpfLink implements Link {
  private destroyed = false;
  constructor(private ptr: Ptr, readonly target: string) {}
  destroy(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    native().bpf.bpf_link__destroy(this.ptr);
  }
  destroyAsync(): Promise<void> {
    if (this.destroyed) return Promise.resolve();
    this.destroyed = true;
    const destroy = native().bpf.bpf_link__destroy as unknown as { async(p: Ptr, cb: () => void): void };
    return new Promise((resolve) => destroy.async(this.ptr, () => resolve()));
  }
}

/** Several links that form one probe (e.g. a perf event on every CPU). */
export class LinkGroup implements Link {
  constructor(readonly target: string, private links: Link[]) {}
  destroy(): void {
    destroyAll(this.links);
  }
  destroyAsync(): Promise<void> {
    return destroyAllAsync(this.links);
  }
}

/** Destroy in reverse order; keeps going when one fails so nothing stays attached. */
export function destroyAll(links: Link[]): void {
  for (const l of links.splice(0).reverse()) {
    try { l.destroy(); } catch { /* best effort: continue detaching the rest */ }
  }
}

/**
 * destroyAll on koffi's worker threads, a few at a time. Most of a tracepoint
 * detach is the kernel waiting for grace periods, partly serialised by its
 * event_mutex: overlapping them cut 360 detaches from ~26 s to ~15 s here.
 */
export async function destroyAllAsync(links: Link[], concurrency = 8): Promise<void> {
  const queue = links.splice(0).reverse();
  const worker = async () => {
    for (let l = queue.shift(); l; l = queue.shift()) {
      try { await (l.destroyAsync ? l.destroyAsync() : l.destroy()); } catch { /* keep detaching the rest */ }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

/** How an attach failure is reported: its kind and, where more precise than the default, the message. */
export interface AttachFailure { kind: BpfErrorKind; message?: string }

/**
 * Run a libbpf attach call and wrap its result, turning NULL into a BpfError whose
 * `subject` is `subject` (default `target`) and kind `attach` unless `describe` says otherwise.
 */
export function libbpfAttach(target: string, attach: () => Ptr | null, describe?: (errno: number) => AttachFailure | undefined,
  subject = target): LibbpfLink {
  resetLog();
  const ptr = attach();
  if (!ptr) {
    const errno = lastErrno();
    const d = describe?.(errno);
    const msg = d?.message ?? `cannot attach ${subject}: ${strerror(errno)}`;
    throw new BpfError(msg, errno, takeLog(), d?.kind ?? 'attach', subject);
  }
  return new LibbpfLink(ptr, target);
}
