// interval (one CPU, period in ns), profile (every CPU, frequency) and software events.
import { describe, expect, it } from 'vitest';
import { BpfObject, attachPerfEvent, onlineCpus, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK } from '../src/index.js';
import { compileBpf, kernelSnapshot, readU64, skipReason, warnSkip } from './helpers.js';

warnSkip('perf event tests');

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(!!skipReason)('perf events', () => {
  it('interval:ms:20 fires about 25 times in 500 ms; profile:hz:50 on every CPU', async () => {
    const snap = kernelSnapshot();
    const obj = BpfObject.open(compileBpf('perf'));
    try {
      obj.load();
      const prog = obj.program('on_tick')!;
      const interval = attachPerfEvent(prog, { perfType: PERF_TYPE_SOFTWARE, config: PERF_COUNT_SW_CPU_CLOCK, period: 20_000_000, cpus: 'one', cookie: 1, name: 'interval:ms:20' });
      const profile = attachPerfEvent(prog, { perfType: PERF_TYPE_SOFTWARE, config: PERF_COUNT_SW_CPU_CLOCK, freq: 50, cpus: 'all', cookie: 2, name: 'profile:hz:50' });
      expect(snap.count(['on_tick']).links).toBe(1 + onlineCpus().length);
      const t0 = performance.now();
      await sleep(500);
      interval.destroy();
      profile.destroy();
      const ms = performance.now() - t0;
      const ticks = (c: bigint) => { const v = obj.map('ticks')!.lookup(new Uint8Array(new BigUint64Array([c]).buffer)); return v ? Number(readU64(v[0]!)) : 0; };
      const expected = ms / 20;
      expect(ticks(1n)).toBeGreaterThanOrEqual(Math.floor(expected * 0.6));
      expect(ticks(1n)).toBeLessThanOrEqual(Math.ceil(expected * 1.3) + 1);
      // cpu-clock at 50 Hz per CPU: idle CPUs don't tick, so only bound it from above.
      expect(ticks(2n)).toBeLessThanOrEqual(Math.ceil((ms / 1000) * 50 * onlineCpus().length * 1.5) + 2);
    } finally {
      obj.close();
    }
    expect(snap.leaked(['on_tick'])).toEqual({ progs: [], links: [] });
  });
});
