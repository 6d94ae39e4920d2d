// Async events: records in the one ring buffer. Every record starts with a u64
// event id (index into Manifest.events), then the event's fields at the offsets
// its EventSpec gives (C-like alignment, record size rounded up to 8). The
// record is built in a zeroed stack buffer and copied with bpf_ringbuf_output.

import { callHelper } from './helpers.js';
import { FunctionBuilder, I64, Value, i64 } from './ir-builder.js';
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

/** Emit a record: id, then `values` stored at `fields`. */
export function emitRecord(
  f: FunctionBuilder,
  ringbuf: Value,
  id: number,
  fields: EventField[],
  size: number,
  values: Value[],
): void {
  const buf = zeroBuffer(f, size, 'event');
  f.store(i64(id), f.bytePtr(buf, 0, I64), 8);
  fields.forEach((fl, i) => storeAs(f, buf, fl.offset, values[i], fl.layout));
  callHelper(f, 'ringbuf_output', I64, [ringbuf, buf, i64(size), i64(0)]);
}

/** An event with no payload (exit, print/clear/zero of a map). */
export function emitSimple(f: FunctionBuilder, ringbuf: Value, id: number): void {
  emitRecord(f, ringbuf, id, [], 8, []);
}
