// The perf buffer reader: records from bpf_perf_event_output, with the CPU they came from.
import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpfObject, PerfBufReader, attachTracepoint, onlineCpus, u32 } from '../src/index.js';
import { compileBpf, kernelSnapshot, skipReason, warnSkip } from './helpers.js';

warnSkip('perf buffer tests');

describe.skipIf(!!skipReason)('PerfBufReader', () => {
  it('delivers every record of a process, in order, with its CPU', () => {
    const snap = kernelSnapshot();
    const obj = BpfObject.open(compileBpf('perfbuf'));
    const got: { pid: number; seq: number; cpu: number }[] = [];
    let lost = 0n;
    try {
      obj.setGlobal('target_pid', u32.encode(process.pid));
      obj.load();
      const reader = new PerfBufReader(obj.map('events')!.fd, (r, cpu) => {
        got.push({ pid: u32.decode(r.subarray(0, 4)), seq: u32.decode(r.subarray(4, 8)), cpu });
      }, (n) => { lost += n; });
      const link = attachTracepoint(obj.program('on_openat')!, { category: 'syscalls', event: 'sys_enter_openat', cookie: 0 });
      for (let i = 0; i < 5; i++) closeSync(openSync('/proc/self/stat', 'r'));
      link.destroy();
      reader.consume();
      reader.close();
    } finally {
      obj.close();
    }
    // Other threads of this process may open files too: at least our five, in order on each CPU.
    expect(lost).toBe(0n);
    expect(got.length).toBeGreaterThanOrEqual(5);
    expect(got.every((r) => r.pid === process.pid && onlineCpus().includes(r.cpu))).toBe(true);
    for (const cpu of new Set(got.map((r) => r.cpu))) {
      const seqs = got.filter((r) => r.cpu === cpu).map((r) => r.seq);
      expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    }
    expect(Math.max(...got.map((r) => r.seq))).toBeGreaterThanOrEqual(4);
    expect(snap.leaked(['on_openat'])).toEqual({ progs: [], links: [] });
  });
});
