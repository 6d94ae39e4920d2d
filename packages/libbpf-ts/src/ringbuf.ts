// Reader for a BPF ring buffer map. Records are copied out of the ring and
// handed to a JS callback, in order, on the JS thread.
import { copyFrom, native, lastErrno, readableWatch, registerCallback, unregisterCallback, type Ptr } from './libbpf.js';
import { BpfError, check, strerror } from './errors.js';

/**
 * Return `false` to stop delivering: later records are consumed and dropped
 * until resume(), as bpftrace drops events that follow an exit().
 */
export type RecordHandler = (record: Uint8Array) => boolean | void;

const STOP = -1; // any negative value makes libbpf stop the current consume/poll
// A batch is full: libbpf has consumed the record that returned this and stops there.
const BUDGET = -1000;

export class RingBufReader {
  private rb: Ptr;
  private cb: Ptr;
  private readable: ReturnType<typeof readableWatch> | undefined;
  private closed = false;
  private stopped = false;
  private error: unknown;
  /** Set during take(): records go here instead of to the handler. */
  private batch: Uint8Array[] | undefined;
  private batchMax = 0;

  constructor(mapFd: number, private handler: RecordHandler = () => {}) {
    const { bpf } = native();
    this.cb = registerCallback((_ctx: Ptr, data: Ptr, size: number | bigint) => {
      if (this.batch) {
        this.batch.push(copyFrom(data, Number(size)));
        return this.batch.length >= this.batchMax ? BUDGET : 0;
      }
      if (this.stopped) return 0;
      try {
        if (this.handler(copyFrom(data, Number(size))) === false) this.stopped = true;
      } catch (e) {
        this.error = e; // rethrown from consume()/poll(): throwing through C is not allowed
        return STOP;
      }
      return 0;
    }, 'ring_buffer_sample_fn');
    const rb = bpf.ring_buffer__new(mapFd, this.cb, null, null);
    if (!rb) {
      const errno = lastErrno();
      unregisterCallback(this.cb);
      throw new BpfError(`cannot create ring buffer reader: ${strerror(errno)}`, errno, undefined, 'syscall');
    }
    this.rb = rb;
  }

  /** Handle every record available now without blocking; returns how many were handled. */
  consume(): number {
    if (this.closed) return 0;
    return this.finish(native().bpf.ring_buffer__consume(this.rb), 'consume');
  }

  /** Wait up to `timeoutMs` for records (blocks the JS thread: tests and tools only). */
  poll(timeoutMs: number): number {
    if (this.closed) return 0;
    return this.finish(native().bpf.ring_buffer__poll(this.rb, timeoutMs), 'poll');
  }

  /**
   * Copy out up to `max` records available now, in order, without blocking and
   * without calling the handler: a flood can then never hold the JS thread for
   * more than one batch. Fewer than `max` means the ring was empty.
   */
  take(max: number): Uint8Array[] {
    if (this.closed || max <= 0) return [];
    const batch: Uint8Array[] = [];
    this.batch = batch;
    this.batchMax = max;
    try {
      // poll(0), not consume(): epoll_wait on libbpf's inner epoll fd is what clears its
      // ready list; without it the outer fd stays readable and the event loop spins.
      const ret = native().bpf.ring_buffer__poll(this.rb, 0);
      if (ret < 0 && ret !== BUDGET && ret !== -4 /* EINTR */) check(ret, 'ring buffer poll');
    } finally {
      this.batch = undefined;
    }
    return batch;
  }

  /** Call `onReadable` once, on the Node event loop, when the ring has data; cancel() drops the wait. */
  whenReadable(onReadable: () => void): { cancel(): void } {
    if (this.closed) return { cancel: () => {} };
    this.readable ??= readableWatch(native().bpf.ring_buffer__epoll_fd(this.rb));
    const w = this.readable;
    let waiting = true;
    w.start(() => {
      if (!waiting) return;
      waiting = false;
      w.stop();
      onReadable();
    });
    return { cancel: () => { if (waiting) { waiting = false; w.stop(); } } };
  }

  /** Drop records instead of delivering them (also what a handler returning false does). */
  stop(): void {
    this.stopped = true;
  }

  /** Deliver again after stop(), e.g. to drain END's output after an exit(). */
  resume(): void {
    this.stopped = false;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.readable?.close();
    native().bpf.ring_buffer__free(this.rb);
    unregisterCallback(this.cb);
  }

  private finish(ret: number, what: string): number {
    if (this.error !== undefined) {
      const e = this.error;
      this.error = undefined;
      throw e;
    }
    if (ret === -4 /* EINTR */) return 0;
    return check(ret, `ring buffer ${what}`);
  }
}
