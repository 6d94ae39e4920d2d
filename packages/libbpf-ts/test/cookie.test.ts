// One program attached to three tracepoints, each with its own BPF cookie.
import { describe, expect, it } from 'vitest';
import { BpfObject, attachTracepoint, destroyAll, type Link } from '../src/index.js';
import { compileBpf, kernelSnapshot, readU64, skipReason, startWaitingWorkload, warnSkip } from './helpers.js';

warnSkip('cookie tests');

describe.skipIf(!!skipReason)('attach cookies', () => {
  it('delivers each attach point\'s cookie to the shared program', async () => {
    const snap = kernelSnapshot();
    const w = startWaitingWorkload(3, 5, 0);
    const obj = BpfObject.open(compileBpf('cookie'));
    const links: Link[] = [];
    try {
      obj.load();
      const prog = obj.program('on_syscall')!;
      links.push(attachTracepoint(prog, { category: 'syscalls', event: 'sys_enter_openat', cookie: 101 }));
      links.push(attachTracepoint(prog, { category: 'syscalls', event: 'sys_enter_getppid', cookie: 102 }));
      links.push(attachTracepoint(prog, { category: 'syscalls', event: 'sys_enter_close', cookie: 103n }));
      expect(snap.count(['on_syscall'])).toEqual({ progs: 1, links: 3 });
      expect(await w.go()).toBe(0);
      destroyAll(links);
      const byCookie: Record<string, bigint> = {};
      for (const e of obj.map('hits')!.entries()) {
        if (new DataView(e.key.buffer).getUint32(0, true) !== w.pid) continue;
        byCookie[String(readU64(e.key, 8))] = readU64(e.values[0]!);
      }
      // close: the 3 opened fds, plus the stdin the workload never closes explicitly (none)
      expect(byCookie).toEqual({ '101': 3n, '102': 5n, '103': 3n });
    } finally {
      destroyAll(links);
      w.kill();
      obj.close();
    }
    expect(snap.leaked(['on_syscall'])).toEqual({ progs: [], links: [] });
  });
});
