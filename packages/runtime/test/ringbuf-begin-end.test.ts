// BEGIN/END programs fired with BPF_PROG_TEST_RUN, and their ring buffer records.
import { describe, expect, it } from 'vitest';
import { BpfObject, RingBufReader, runOnce, eventId } from '../src/index.js';
import { compileBpf, readU64, skipReason, warnSkip } from './helpers.js';

warnSkip('ring buffer / BEGIN / END tests');

describe.skipIf(!!skipReason)('ring buffer + test_run', () => {
  it('runs BEGIN in-process and reads its records in order', () => {
    const obj = BpfObject.open(compileBpf('session'));
    try {
      obj.load();
      const got: Uint8Array[] = [];
      const reader = new RingBufReader(obj.map('ringbuf')!.fd, (r) => { got.push(r); });
      try {
        expect(reader.consume()).toBe(0);
        expect(runOnce(obj.program('begin')!)).toBe(0);
        expect(reader.poll(100)).toBe(3);
        expect(got.map(eventId)).toEqual([0, 1, 0]);
        expect(readU64(got[0]!, 8)).toBe(42n);
        expect(got[0]!.length).toBe(16);
        // BEGIN also set @a = 5 in a plain hash map
        expect(readU64(obj.map('map_a')!.lookup(new Uint8Array(4))![0]!)).toBe(5n);

        runOnce(obj.program('end')!);
        reader.consume();
        expect(got.map(eventId)).toEqual([0, 1, 0, 2]);
        expect(new TextDecoder().decode(got[3]!.subarray(8, 9))).toBe('x');
      } finally {
        reader.close();
      }
    } finally {
      obj.close();
    }
  });

  it('drops records after a handler says stop, until resume()', () => {
    const obj = BpfObject.open(compileBpf('session'));
    try {
      obj.load();
      const ids: number[] = [];
      const reader = new RingBufReader(obj.map('ringbuf')!.fd, (r) => { ids.push(eventId(r)); return eventId(r) !== 1; });
      try {
        runOnce(obj.program('begin')!);
        reader.consume();
        expect(ids).toEqual([0, 1]); // the record after exit is consumed but not delivered
        reader.resume();
        runOnce(obj.program('end')!);
        reader.consume();
        expect(ids).toEqual([0, 1, 2]);
      } finally {
        reader.close();
      }
    } finally {
      obj.close();
    }
  });

  it('propagates a handler exception out of consume()', () => {
    const obj = BpfObject.open(compileBpf('session'));
    try {
      obj.load();
      const reader = new RingBufReader(obj.map('ringbuf')!.fd, () => { throw new Error('boom'); });
      try {
        runOnce(obj.program('begin')!);
        expect(() => reader.consume()).toThrow('boom');
      } finally {
        reader.close();
      }
    } finally {
      obj.close();
    }
  });
});
