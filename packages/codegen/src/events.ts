// Async events: records in the one ring buffer. Every record starts with a u64
// event id (index into Manifest.events), then the event's fields at the offsets
// its EventSpec gives (C-like alignment, record size rounded up to 8). The
// record is built in a zeroed stack buffer and copied with bpf_ringbuf_output,
// or, when big, reserved in the ring buffer and filled in place.

import { callHelper } from './helpers.js';
import { FunctionBuilder, I64, I8P, NULL_I8P, Value, i64 } from './ir-builder.js';
import { alignUp, packFields, storeAs } from './layout.js';
import type { EventField, EventSpec, ValueLayout } from './manifest.js';
import { zeroBuffer } from './maps.js';

export const RINGBUF_NAME = 'ringbuf';
/** Per-CPU count of records the ring buffer had no room for (Manifest.lostEventsMap). */
export const LOST_EVENTS_NAME = 'lost_events';

/** Where records go: the ring buffer, and the counter a failed write increments. */
export interface RingOut {
  ringbuf: Value;
  lost: Value;
}

/** A full ring buffer drops the record: count it, so the runtime can say "Lost N events" as bpftrace does. */
export function countLost(f: FunctionBuilder, lost: Value): void {
  const k = f.alloca('i32', 'lostkey', 4);
  f.store({ type: 'i32', ref: '0' }, k, 4);
  const v = callHelper(f, 'map_lookup_elem', I8P, [lost, f.toI8p(k)]);
  const yes = f.newBlock('lost');
  const done = f.newBlock('lostcounted');
  f.condBr(f.icmp('ne', v, NULL_I8P), yes, done);
  f.setBlock(yes);
  const at = f.bytePtr(v, 0, I64);
  f.store(f.bin('add', f.load(I64, at, 8), i64(1)), at, 8);
  f.br(done);
  f.setBlock(done);
}

/** Reserve `size` bytes; when the ring is full, count a lost event and skip `fill`. */
export function withReserved(f: FunctionBuilder, out: RingOut, size: number, fill: (rec: Value) => void): void {
  const rec = callHelper(f, 'ringbuf_reserve', I8P, [out.ringbuf, i64(size), i64(0)]);
  const yes = f.newBlock('record');
  const no = f.newBlock('norecord');
  const done = f.newBlock('recorded');
  f.condBr(f.icmp('ne', rec, NULL_I8P), yes, no);
  f.setBlock(yes);
  fill(rec);
  callHelper(f, 'ringbuf_submit', 'void', [rec, i64(0)]);
  f.br(done);
  f.setBlock(no);
  countLost(f, out.lost);
  f.br(done);
  f.setBlock(done);
}

export class EventTable {
  readonly specs: EventSpec[] = [];

  add(spec: EventSpec): number {
    // Identical events (e.g. two `exit()`s) share an id.
    const key = JSON.stringify(spec);
    const found = this.specs.findIndex((s) => JSON.stringify(s) === key);
    if (found >= 0) return found;
    this.specs.push(spec);
    return this.specs.length - 1;
  }
}

/** Field offsets for a record carrying `layouts` after the u64 id. */
export function recordLayout(layouts: ValueLayout[]): { fields: EventField[]; size: number } {
  const t = packFields([{ type: 'int', size: 8, signed: false }, ...layouts]);
  return { fields: t.fields.slice(1), size: alignUp(t.size, 8) };
}

/** Records up to this size are built on the stack; bigger ones in the ring buffer itself. */
export const STACK_RECORD_MAX = 192;

/**
 * Emit a record: id, then each value stored at its field. Values are thunks, each
 * generated just before it is stored: its stack temporaries are then free for the
 * next one, so the stack holds one argument at a time, not all of them.
 */
export function emitRecord(
  f: FunctionBuilder,
  out: RingOut,
  id: number,
  fields: EventField[],
  size: number,
  values: (() => Value)[],
): void {
  const fill = (rec: Value) => {
    f.store(i64(id), f.bytePtr(rec, 0, I64), 8);
    fields.forEach((fl, i) => {
      const mark = f.tempMark();
      storeAs(f, rec, fl.offset, values[i](), fl.layout);
      f.releaseTempsSince(mark);
    });
  };
  if (size <= STACK_RECORD_MAX) {
    const buf = zeroBuffer(f, size, 'event');
    fill(buf);
    const ret = callHelper(f, 'ringbuf_output', I64, [out.ringbuf, buf, i64(size), i64(0)]);
    const failed = f.newBlock('output_failed');
    const done = f.newBlock('output_done');
    f.condBr(f.icmp('ne', ret, i64(0)), failed, done);
    f.setBlock(failed);
    countLost(f, out.lost);
    f.br(done);
    f.setBlock(done);
    return;
  }
  // Too big for the 512-byte stack next to its arguments (e.g. printf of several
  // str()s): reserve it in the ring buffer and fill it in place.
  withReserved(f, out, size, (rec) => {
    // Reserved memory is not zeroed: clear it so padding carries nothing stale.
    f.memset(rec, 0, size);
    fill(rec);
  });
}

/** An event with no payload (exit, print/clear/zero of a map). */
export function emitSimple(f: FunctionBuilder, out: RingOut, id: number): void {
  emitRecord(f, out, id, [], 8, []);
}
