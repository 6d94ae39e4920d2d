// Batch map operations against real maps: a hash (perf.bpf.c's `ticks`, u64 -> u64)
// and a per-CPU hash (openat.bpf.c's `opens_by_pid`, u32 -> u64 per CPU).
import { describe, expect, it } from 'vitest';
import {
  BpfObject, TypedMap, deleteBatch, lookupAndDeleteBatch, lookupBatch, numPossibleCpus, updateBatch, u32, u64,
} from '../src/index.js';
import { compileBpf, readU64, skipReason, warnSkip } from './helpers.js';

warnSkip('map batch tests');

const sorted = (xs: bigint[]) => [...xs].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

describe.skipIf(!!skipReason)('batch map operations', () => {
  it('update, lookup, delete and lookup-and-delete many entries of a hash map', () => {
    const obj = BpfObject.open(compileBpf('perf'));
    try {
      obj.load();
      const map = obj.map('ticks')!;
      const entries = Array.from({ length: 50 }, (_, i) => ({ key: u64.encode(BigInt(i)), values: u64.encode(BigInt(i * i)) }));
      updateBatch(map, entries);
      const typed = new TypedMap(map, u64, u64);
      expect(typed.lookup(7n)).toBe(49n);
      // a small chunk makes several syscalls: every entry still comes back exactly once
      const read = lookupBatch(map, 8);
      expect(sorted(read.map((e) => readU64(e.key)))).toEqual(Array.from({ length: 50 }, (_, i) => BigInt(i)));
      expect(read.every((e) => readU64(e.values[0]!) === readU64(e.key) ** 2n)).toBe(true);
      expect(deleteBatch(map, entries.slice(0, 10).map((e) => e.key))).toBe(10);
      expect(typed.keys()).toHaveLength(40);
      const drained = lookupAndDeleteBatch(map, 16);
      expect(drained).toHaveLength(40);
      expect(typed.keys()).toHaveLength(0);
      expect(lookupBatch(map)).toEqual([]);
    } finally {
      obj.close();
    }
  });

  it('keeps one value per possible CPU in a per-CPU hash', () => {
    const obj = BpfObject.open(compileBpf('openat'));
    try {
      obj.load();
      const map = obj.map('opens_by_pid')!;
      const n = numPossibleCpus();
      const perCpu = (k: number) => Array.from({ length: n }, (_, c) => u64.encode(BigInt(k * 100 + c)));
      updateBatch(map, [1, 2, 3].map((k) => ({ key: u32.encode(k), values: perCpu(k) })));
      const read = lookupBatch(map, 2).map((e) => [u32.decode(e.key), e.values.map((v) => readU64(v))] as const);
      expect(read.sort((a, b) => a[0] - b[0])).toEqual([1, 2, 3].map((k) => [k, perCpu(k).map((v) => readU64(v))]));
    } finally {
      obj.close();
    }
  });
});
