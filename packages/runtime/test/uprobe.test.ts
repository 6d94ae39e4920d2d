// uprobe and uretprobe on a function of a gcc-built binary, attached by symbol name.
import { describe, expect, it } from 'vitest';
import { BpfObject, attachUprobe, BpfError } from '../src/index.js';
import { compileBpf, kernelSnapshot, readU64, skipReason, startWaitingWorkload, u32, warnSkip, workloadPath } from './helpers.js';

warnSkip('uprobe tests');

describe.skipIf(!!skipReason)('uprobes', () => {
  it('counts calls and sums return values of rt_target_fn', async () => {
    const snap = kernelSnapshot();
    const bin = workloadPath();
    const w = startWaitingWorkload(0, 0, 10);
    const obj = BpfObject.open(compileBpf('uprobe'));
    try {
      obj.load();
      const call = attachUprobe(obj.program('on_call')!, { binary: bin, symbol: 'rt_target_fn', offset: 0, retprobe: false, cookie: 77 });
      const ret = attachUprobe(obj.program('on_ret')!, { binary: bin, symbol: 'rt_target_fn', offset: 0, retprobe: true, cookie: 0 });
      expect(snap.count(['on_call', 'on_ret'])).toEqual({ progs: 2, links: 2 });
      expect(await w.go()).toBe(0);
      call.destroy();
      ret.destroy();
      expect(readU64(obj.map('calls')!.lookup(u32(w.pid))![0]!)).toBe(10n);
      expect(readU64(obj.map('rets')!.lookup(u32(w.pid))![0]!)).toBe(90n); // sum of 2*i for i < 10
    } finally {
      w.kill();
      obj.close();
    }
    expect(snap.leaked(['on_call', 'on_ret'])).toEqual({ progs: [], links: [] });
  });

  it('explains a missing binary and a missing symbol', () => {
    const obj = BpfObject.open(compileBpf('uprobe'));
    try {
      obj.load();
      const prog = obj.program('on_call')!;
      expect(() => attachUprobe(prog, { binary: '/nonexistent/bin', symbol: 'f', offset: 0, retprobe: false, cookie: 0 }))
        .toThrow("uprobe target file '/nonexistent/bin' does not exist or is not executable");
      let err: unknown;
      try { attachUprobe(prog, { binary: workloadPath(), symbol: 'no_such_fn', offset: 0, retprobe: false, cookie: 0 }); } catch (e) { err = e; }
      expect(err).toBeInstanceOf(BpfError);
      expect((err as Error).message).toMatch(/no_such_fn/);
    } finally {
      obj.close();
    }
  });
});
