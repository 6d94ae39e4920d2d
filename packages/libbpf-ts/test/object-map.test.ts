// Open/load/close and map reading, with a real tracepoint counting a workload's openat calls.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BpfObject, BpfError, TypedMap, attempt, attachTracepoint, numPossibleCpus, u32 as u32Codec, u64 as u64Codec } from '../src/index.js';
import { compileBpf, kernelSnapshot, skipReason, startWaitingWorkload, sumU64, u32, warnSkip } from './helpers.js';

warnSkip('object/map tests');

describe.skipIf(!!skipReason)('BpfObject + BpfMap + tracepoint', () => {
  let bytes: Uint8Array;
  beforeAll(() => { bytes = compileBpf('openat'); });

  it('counts exactly the workload\'s openat calls (per-CPU values summed)', async () => {
    const snap = kernelSnapshot();
    const w = startWaitingWorkload(7, 0, 0);
    const obj = BpfObject.open(bytes);
    try {
      obj.load();
      expect(obj.programs().map((p) => [p.name, p.section])).toEqual([['count_openat', 'tracepoint/syscalls/sys_enter_openat']]);
      const link = attachTracepoint(obj.program('count_openat')!, { category: 'syscalls', event: 'sys_enter_openat', cookie: 0 });
      expect(snap.count(['count_openat'])).toEqual({ progs: 1, links: 1 });
      expect(await w.go()).toBe(0);
      link.destroy();
      const map = obj.map('opens_by_pid')!;
      expect(map.perCpu).toBe(true);
      const values = map.lookup(u32(w.pid))!;
      expect(values).toHaveLength(numPossibleCpus());
      expect(sumU64(values)).toBe(7n);
      // iteration sees the same key
      const entry = map.entries().find((e) => new DataView(e.key.buffer).getUint32(0, true) === w.pid)!;
      expect(sumU64(entry.values)).toBe(7n);
      // the typed view reads the same numbers and writes every CPU's slot
      const typed = new TypedMap(map, u32Codec, u64Codec);
      expect(typed.lookupPerCpu(w.pid)!.reduce((a, b) => a + b, 0n)).toBe(7n);
      expect(typed.keys()).toContain(w.pid);
      typed.update(0x7fffffff, 3n);
      expect(typed.lookupPerCpu(0x7fffffff)).toEqual(Array(numPossibleCpus()).fill(3n));
      expect(typed.entries().find(([k]) => k === 0x7fffffff)![1]).toEqual(Array(numPossibleCpus()).fill(3n));
      expect(typed.delete(0x7fffffff)).toBe(true);
      expect(typed.lookup(0x7fffffff)).toBeUndefined();
      expect(() => new TypedMap(map, u64Codec, u64Codec)).toThrow(BpfError);
      // zero keeps the key, clear removes it
      map.zero();
      expect(sumU64(map.lookup(u32(w.pid))!)).toBe(0n);
      map.clear();
      expect(map.lookup(u32(w.pid))).toBeUndefined();
      expect(map.keys()).toHaveLength(0);
    } finally {
      w.kill();
      obj.close();
    }
    expect(snap.leaked(['count_openat'])).toEqual({ progs: [], links: [] });
  });

  it('reports a missing tracepoint clearly', () => {
    const obj = BpfObject.open(bytes);
    try {
      obj.load();
      expect(() => attachTracepoint(obj.program('count_openat')!, { category: 'syscalls', event: 'sys_enter_nope', cookie: 0 }))
        .toThrow('tracepoint not found: syscalls:sys_enter_nope');
      const r = attempt(() => attachTracepoint(obj.program('count_openat')!, { category: 'syscalls', event: 'sys_enter_nope', cookie: 0 }));
      expect(r.ok ? undefined : [r.error.kind, r.error.errno, r.error.subject]).toEqual(['not-found', 2, 'tracepoint:syscalls:sys_enter_nope']);
    } finally {
      obj.close();
    }
  });

  it('returns the verifier log when loading fails', () => {
    const obj = BpfObject.open(compileBpf('bad'));
    try {
      let err: BpfError | undefined;
      try { obj.load(); } catch (e) { err = e as BpfError; }
      expect(err).toBeInstanceOf(BpfError);
      expect(err!.message).toMatch(/cannot load BPF object/);
      expect(err!.kind).toBe('load');
      expect(err!.logLines.length).toBeGreaterThan(1);
      expect(err!.log).toMatch(/invalid mem access|R0 invalid/);
    } finally {
      obj.close();
    }
  });

  it('rejects bytes that are not an ELF object', () => {
    expect(() => BpfObject.open(new Uint8Array([1, 2, 3, 4]))).toThrow(/cannot open BPF object/);
  });
});
