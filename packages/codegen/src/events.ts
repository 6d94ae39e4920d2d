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
  ringbuf: Value,
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
    callHelper(f, 'ringbuf_output', I64, [ringbuf, buf, i64(size), i64(0)]);
    return;
  }
  // Too big for the 512-byte stack next to its arguments (e.g. printf of several
  // str()s): reserve it in the ring buffer and fill it in place.
  const rec = callHelper(f, 'ringbuf_reserve', I8P, [ringbuf, i64(size), i64(0)]);
  const yes = f.newBlock('record');
  const done = f.newBlock('recorded');
  f.condBr(f.icmp('ne', rec, NULL_I8P), yes, done);
  f.setBlock(yes);
  // Reserved memory is not zeroed: clear it so padding carries nothing stale.
  f.memset(rec, 0, size);
  fill(rec);
  callHelper(f, 'ringbuf_submit', 'void', [rec, i64(0)]);
  f.br(done);
  f.setBlock(done);
}

/** An event with no payload (exit, print/clear/zero of a map). */
export function emitSimple(f: FunctionBuilder, ringbuf: Value, id: number): void {
  emitRecord(f, ringbuf, id, [], 8, []);
}
