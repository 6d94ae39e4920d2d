// time() and join() events as bpftrace 0.17 prints them (see test/fixtures/time.*, join.*):
// text is the formatted string as is (time adds no newline; join adds one);
// JSON is {"type": "time"|"join", "data": "..."}.
import { readCString } from './bytes.js';
import { jsonString } from './json-string.js';
import { strftime } from './strftime.js';

/** time(fmt): strftime of `now` (bpftrace's default format is "%H:%M:%S\n"). */
export function renderTime(format: string, now: Date, out: 'text' | 'json'): string {
  const text = strftime(format, now);
  return out === 'json' ? `{"type": "time", "data": ${jsonString(text)}}\n` : text;
}

/**
 * join(argv, sep): `argCount` NUL-terminated slots of `argSize` bytes from `offset`
 * (8: after the event id); the first empty slot ends the list, as a NULL argv entry does.
 */
export function renderJoin(record: Uint8Array, spec: { separator: string; argSize: number; argCount: number }, out: 'text' | 'json', offset = 8): string {
  const parts: string[] = [];
  for (let i = 0; i < spec.argCount; i++) {
    const off = offset + i * spec.argSize;
    if (off >= record.length || record[off] === 0) break;
    parts.push(readCString(record, off, spec.argSize));
  }
  const text = parts.join(spec.separator);
  return out === 'json' ? `{"type": "join", "data": ${jsonString(text)}}\n` : `${text}\n`;
}
