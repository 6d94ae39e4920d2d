// Reader for a BPF perf event array (bpf_perf_event_output): one mmap'd ring per
// CPU, read through libbpf's perf_buffer. Records and lost-sample counts are
// handed to JS callbacks, in order per CPU, on the JS thread.
import { copyFrom, native, lastErrno, readableWatch, registerCallback, unregisterCallback, type Ptr } from './libbpf.js';
import { BpfError, check, strerror } from './errors.js';

export type PerfRecordHandler = (record: Uint8Array, cpu: number) => void;
export type PerfLostHandler = (count: bigint, cpu: number) => void;

export class PerfBufReader {
  private pb: Ptr;
  private sampleCb: Ptr;
  private lostCb: Ptr;
  private readable: ReturnType<typeof readableWatch> | undefined;
  private closed = false;
  private error: unknown;

  /** `pageCount` pages per CPU (a power of two). */
  constructor(mapFd: number, handler: PerfRecordHandler, onLost: PerfLostHandler = () => {}, pageCount = 8) {
    const { bpf } = native();
    // Callbacks return void: an exception is kept and rethrown from consume()/poll().
    const guard = (f: () => void) => { if (this.error === undefined) try { f(); } catch (e) { this.error = e; } };
    this.sampleCb = registerCallback((_ctx: Ptr, cpu: number, data: Ptr, size: number) =>
      guard(() => handler(copyFrom(data, size), cpu)), 'perf_buffer_sample_fn');
    this.lostCb = registerCallback((_ctx: Ptr, cpu: number, count: number | bigint) =>
      guard(() => onLost(BigInt(count), cpu)), 'perf_buffer_lost_fn');
    const pb = bpf.perf_buffer__new(mapFd, pageCount, this.sampleCb, this.lostCb, null, null);
    if (!pb) {
      const errno = lastErrno();
      unregisterCallback(this.sampleCb);
      unregisterCallback(this.lostCb);
      throw new BpfError(`cannot create perf buffer reader: ${strerror(errno)}`, errno, undefined, 'syscall');
    }
    this.pb = pb;
  }

  /** Handle every record available now without blocking. */
  consume(): void {
    if (this.closed) return;
    this.finish(native().bpf.perf_buffer__consume(this.pb), 'consume');
  }

  /** Wait up to `timeoutMs` for records (blocks the JS thread: tests and tools only); returns how many rings had data. */
  poll(timeoutMs: number): number {
    if (this.closed) return 0;
    return this.finish(native().bpf.perf_buffer__poll(this.pb, timeoutMs), 'poll');
  }

  /** Call `onReadable` once, on the Node event loop, when a ring has data; cancel() drops the wait. */
  whenReadable(onReadable: () => void): { cancel(): void } {
    if (this.closed) return { cancel: () => {} };
    this.readable ??= readableWatch(native().bpf.perf_buffer__epoll_fd(this.pb));
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

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.readable?.close();
    native().bpf.perf_buffer__free(this.pb);
    unregisterCallback(this.sampleCb);
    unregisterCallback(this.lostCb);
  }

  private finish(ret: number, what: string): number {
    if (this.error !== undefined) {
      const e = this.error;
      this.error = undefined;
      throw e;
    }
    if (ret === -4 /* EINTR */) return 0;
    return check(ret, `perf buffer ${what}`);
  }
}
