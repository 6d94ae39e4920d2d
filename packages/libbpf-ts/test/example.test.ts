// The README's example, in the kernel: open an object from bytes, set globals in
// .rodata, .bss and .data before load, attach a tracepoint, read the ring buffer.
import { closeSync, openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { BpfObject, BpfError, RingBufReader, attachTracepoint, attempt } from '../src/index.js';
import { compileBpf, kernelSnapshot, skipReason, warnSkip } from './helpers.js';

warnSkip('libbpf-ts example tests');

const u32 = (n: number) => new Uint8Array(new Uint32Array([n]).buffer);
const u64 = (n: bigint) => new Uint8Array(new BigUint64Array([n]).buffer);

describe.skipIf(!!skipReason)('globals, tracepoint and ring buffer', () => {
  it('delivers records shaped by the globals set before load', () => {
    const snap = kernelSnapshot();
    const obj = BpfObject.open(compileBpf('example'));
    const records: { pid: number; tag: bigint; seed: bigint }[] = [];
    try {
      obj.setGlobal('target_pid', u32(process.pid));
      obj.setGlobal('tag', u64(0xabcn));
      obj.setGlobal('seed', u64(42n));
      obj.load();
      const reader = new RingBufReader(obj.map('events')!.fd, (r) => {
        const v = new DataView(r.buffer, r.byteOffset, r.byteLength);
        records.push({ pid: v.getUint32(0, true), tag: v.getBigUint64(8, true), seed: v.getBigUint64(16, true) });
      });
      const link = attachTracepoint(obj.program('on_openat')!, { category: 'syscalls', event: 'sys_enter_openat', cookie: 0 });
      for (let i = 0; i < 3; i++) closeSync(openSync('/proc/self/stat', 'r'));
      link.destroy();
      reader.consume();
      reader.close();
    } finally {
      obj.close();
    }
    // Other threads of this process may open files too: at least our three, all tagged.
    expect(records.length).toBeGreaterThanOrEqual(3);
    expect(records.every((r) => r.pid === process.pid && r.tag === 0xabcn && r.seed === 42n)).toBe(true);
    expect(snap.leaked(['on_openat'])).toEqual({ progs: [], links: [] });
  });

  it('reports bad globals as values of kind invalid-argument', () => {
    const obj = BpfObject.open(compileBpf('example'));
    try {
      const missing = attempt(() => obj.setGlobal('no_such_global', u32(1)));
      expect(missing.ok).toBe(false);
      if (!missing.ok) expect([missing.error.kind, missing.error.message]).toEqual(['invalid-argument', "global no_such_global: no such variable in the object's BTF"]);
      expect(() => obj.setGlobal('target_pid', u64(1n))).toThrow('global target_pid: 8 bytes given, the variable has 4');
      obj.load();
      expect(() => obj.setGlobal('tag', u64(1n))).toThrow(BpfError);
    } finally {
      obj.close();
    }
  });
});
