// libbpf-ts's errors in bpftrace 0.17's words (the kernel cases run in the CLI's tests:
// probe-kinds, drop-in); kind, errno, log and subject survive the rewording.
import { describe, expect, it } from 'vitest';
import { BpfError } from '@bpftrace-ts/libbpf-ts';
import { attachError, loadError, OUT_OF_WATCHPOINTS } from '../src/attach-errors.js';

const err = (kind: BpfError['kind'], errno: number, subject: string, message = 'library words') =>
  new BpfError(message, errno, 'libbpf: log line\n', kind, subject);

describe('attachError', () => {
  it('words a generic attach failure as bpftrace, keeping kind, errno and log', () => {
    const e = attachError({ type: 'kprobe', func: 'vfs_read', offset: 0, retprobe: false, cookie: 1 }, err('attach', 13, 'kprobe:vfs_read')) as BpfError;
    expect([e.message, e.kind, e.errno, e.log, e.subject]).toEqual(["Error attaching probe: 'kprobe:vfs_read'", 'attach', 13, 'libbpf: log line\n', 'kprobe:vfs_read']);
  });

  it('names kfunc and rawtracepoint probes as bpftrace does', () => {
    const k = attachError({ type: 'kfunc', func: 'vfs_read', retprobe: true, cookie: 1 }, err('attach', 524, 'fexit:vfs_read')) as BpfError;
    expect(k.message).toBe("Error attaching probe: 'kretfunc:vfs_read'");
    const r = attachError({ type: 'raw_tracepoint', event: 'sched_switch' } as never, err('attach', 22, 'rawtracepoint:sched_switch')) as BpfError;
    expect(r.message).toBe("Error attaching probe: 'rawtracepoint:sched_switch': the program reads more arguments than sched_switch has");
  });

  it('passes other kinds through and says when the debug registers run out', () => {
    const nf = err('not-found', 2, 'tracepoint:a:b', 'tracepoint not found: a:b');
    expect(attachError({ type: 'tracepoint', category: 'a', event: 'b', cookie: 0 }, nf)).toBe(nf);
    const bp = attachError({ type: 'perf_event', perfType: 5, config: 0, cpus: 'all', cookie: 0, breakpoint: { type: 2, addr: 1, len: 4 } } as never,
      err('attach', 28, 'watchpoint:0x1')) as BpfError;
    expect(bp.message).toBe(OUT_OF_WATCHPOINTS);
  });

  it('words an unresolved kernel symbol at load as bpftrace (a compile error there)', () => {
    const e = loadError(err('unresolved-kernel-symbol', 2, 'no_such_sym')) as BpfError;
    expect([e.message, e.kind]).toEqual(['Failed to compile: Failed to resolve kernel symbol: no_such_sym', 'unresolved-kernel-symbol']);
  });
});
