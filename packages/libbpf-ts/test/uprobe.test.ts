// uprobe and uretprobe on a function of a gcc-built binary, attached by function name (libbpf
// resolves it) and by file offset.
import { describe, expect, it } from 'vitest';
import { BpfObject, attachUprobe, attempt, BpfError } from '../src/index.js';
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
      const call = attachUprobe(obj.program('on_call')!, { binary: bin, func: 'rt_target_fn', offset: 0, retprobe: false, cookie: 77 });
      const ret = attachUprobe(obj.program('on_ret')!, { binary: bin, func: 'rt_target_fn', offset: 0, retprobe: true, cookie: 0 });
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

  it('reports a missing binary and a missing function as values of kind not-found', () => {
    const obj = BpfObject.open(compileBpf('uprobe'));
    try {
      obj.load();
      const prog = obj.program('on_call')!;
      const bin = attempt(() => attachUprobe(prog, { binary: '/nonexistent/bin', func: 'f', offset: 0, retprobe: false, cookie: 0 }));
      expect(bin.ok).toBe(false);
      if (!bin.ok) {
        expect(bin.error).toBeInstanceOf(BpfError);
        expect([bin.error.kind, bin.error.errno, bin.error.subject]).toEqual(['not-found', 2, 'uprobe:/nonexistent/bin:f']);
      }
      const fn = attempt(() => attachUprobe(prog, { binary: workloadPath(), func: 'no_such_fn', offset: 0, retprobe: false, cookie: 0 }));
      expect(fn.ok).toBe(false);
      if (!fn.ok) {
        expect(fn.error.kind).toBe('not-found');
        expect(fn.error.message).toMatch(/no_such_fn/);
        expect(fn.error.logLines.join('\n')).toMatch(/no_such_fn/); // libbpf's own words, captured
      }
    } finally {
      obj.close();
    }
  });
});
