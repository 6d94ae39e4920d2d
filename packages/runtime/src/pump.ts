// Moves records from the ring buffer to their handlers without ever holding the
// JS thread for long: records are taken in bounded batches, and between batches
// the event loop turns (signals, timers, child exits get through under any
// flood). A handler may return a promise (system(), cat()): later records wait
// for it, so output keeps the order the events were written in.
import type { EventOutcome } from './events.js';

/** What the pump reads: RingBufReader, or anything with the same two calls. */
export interface RecordSource {
  /** Up to `max` records available now, without blocking. */
  take(max: number): Uint8Array[];
  /** Call back once, on the event loop, when records are available. */
  whenReadable(onReadable: () => void): { cancel(): void };
}

/** Records taken from the ring at a time. */
export const BATCH = 512;
/** How long the JS thread keeps delivering before it lets the event loop turn. */
export const SLICE_MS = 20;

export type Handle = (record: Uint8Array) => EventOutcome | Promise<EventOutcome>;

export class EventPump {
  /** Taken from the ring but not yet handled when a stop came (they still belong to the run). */
  private pending: Uint8Array[] = [];

  constructor(private readonly reader: RecordSource, private readonly handle: Handle, private readonly afterBatch: () => void = () => {}) {}

  /**
   * Deliver records as they come until `until` fires ('stopped') or a handler
   * says exit ('exit': what follows is dropped, as bpftrace drops it).
   */
  async run(until: AbortSignal): Promise<'exit' | 'stopped'> {
    for (;;) {
      if (until.aborted) return 'stopped';
      const sliceEnd = Date.now() + SLICE_MS;
      let full: boolean;
      do {
        const batch = this.next();
        const r = await this.deliver(batch, until);
        if (r) return r;
        full = batch.length >= BATCH;
      } while (full && Date.now() < sliceEnd && !until.aborted);
      this.afterBatch();
      if (full) await turn();
      else await this.readable(until);
    }
  }

  /**
   * Deliver what the ring holds now, batch by batch, until it is empty, an
   * exit() record ('exit'), `until` fires, or `deadlineMs` passes. Records
   * taken but not handled stay queued for the next call.
   */
  async drain(until: AbortSignal, deadlineMs: number): Promise<'exit' | 'done'> {
    const deadline = Date.now() + deadlineMs;
    for (;;) {
      if (until.aborted || Date.now() > deadline) return 'done';
      const batch = this.next();
      if (batch.length === 0) return 'done';
      const r = await this.deliver(batch, until);
      this.afterBatch();
      if (r === 'exit') return 'exit';
      await turn();
    }
  }

  /** Throw away whatever is queued, within `deadlineMs`; returns how many records were dropped. */
  discard(deadlineMs: number): number {
    let n = this.pending.length;
    this.pending = [];
    const deadline = Date.now() + deadlineMs;
    for (let got = 1; got > 0 && Date.now() <= deadline; n += got) got = this.reader.take(4096).length;
    return n;
  }

  private next(): Uint8Array[] {
    if (this.pending.length === 0) return this.reader.take(BATCH);
    const b = this.pending;
    this.pending = [];
    return b;
  }

  private async deliver(batch: Uint8Array[], until: AbortSignal): Promise<'exit' | 'stopped' | undefined> {
    for (let i = 0; i < batch.length; i++) {
      let o = this.handle(batch[i]!);
      if (o instanceof Promise) {
        o = await o;
        // A stop while a command ran: keep the rest for the drain.
        if (until.aborted && o !== 'exit') { this.pending = batch.slice(i + 1); return 'stopped'; }
      }
      if (o === 'exit') { this.pending = []; return 'exit'; }
    }
    return undefined;
  }

  private readable(until: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (until.aborted) return resolve();
      let w: { cancel(): void } | undefined;
      // A readability watch can miss a wake-up (an epoll fd inside epoll): look again every RECHECK_MS anyway.
      const timer = setTimeout(() => finish(), RECHECK_MS);
      const finish = () => { clearTimeout(timer); w?.cancel(); until.removeEventListener('abort', finish); resolve(); };
      until.addEventListener('abort', finish, { once: true });
      w = this.reader.whenReadable(finish);
    });
  }
}

/** Longest wait between two looks at the ring when no wake-up came. */
const RECHECK_MS = 50;

/** Let the event loop run once (I/O, signals, timers) before the next batch. */
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));
