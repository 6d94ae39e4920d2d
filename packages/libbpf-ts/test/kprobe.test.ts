// kprobes: the program loads (the verifier can check it), attaching explains what is missing.
import { describe, expect, it } from 'vitest';
import { BpfObject, attachKprobe, kprobesAvailable, NO_KPROBES } from '../src/index.js';
import { compileBpf, kernelSnapshot, skipReason, warnSkip } from './helpers.js';

warnSkip('kprobe tests');

describe.skipIf(!!skipReason)('kprobes', () => {
  it('loads, and attaches or fails with a clear message', () => {
    const snap = kernelSnapshot();
    const obj = BpfObject.open(compileBpf('kprobe'));
    try {
      obj.load();
      const prog = obj.program('kp')!;
      if (kprobesAvailable()) {
        attachKprobe(prog, { func: 'do_sys_openat2', offset: 0, retprobe: false, cookie: 0 }).destroy();
      } else {
        expect(() => attachKprobe(prog, { func: 'do_sys_openat2', offset: 0, retprobe: false, cookie: 0 })).toThrow(NO_KPROBES);
      }
    } finally {
      obj.close();
    }
    expect(snap.leaked(['kp'])).toEqual({ progs: [], links: [] });
  });
});
