// Function watchpoints' bookkeeping, with the kernel replaced by a recording host: which
// breakpoints are opened and closed, when the traced process is resumed, and bpftrace
// 0.17's message when the debug registers run out. (The CLI's watchpoints test runs
// them in the kernel.)
import { describe, expect, it } from 'vitest';
import type { WatchpointSpec } from '@bpftrace-ts/artifact';
import { BpfError, type Link, type BpfProgram, type PerfEventTarget } from '@bpftrace-ts/libbpf-ts';
import { FunctionWatchpoints } from '../src/watchpoints.js';

const PROG = { name: 'body' } as unknown as BpfProgram;
const spec = (over: Partial<WatchpointSpec> = {}): WatchpointSpec => ({ program: 'body', cookie: 7, breakpoint: { type: 2, len: 4 }, async: false, ...over });

/** A host whose kernel has `registers` debug registers. */
function host(registers = 4, pid: number | undefined = 1234) {
  const log: string[] = [];
  const open: bigint[] = [];
  return {
    log, open,
    program: (name: string) => (name === 'body' ? PROG : undefined),
    pid,
    message: (t: string) => log.push(`message ${t}`),
    resume: (p: number) => log.push(`resume ${p}`),
    attach(prog: BpfProgram, t: PerfEventTarget): Link {
      const addr = BigInt(t.breakpoint!.addr);
      if (open.length >= registers) throw new BpfError('Failed to attach watchpoint probe. You are out of watchpoint registers.', 28);
      open.push(addr);
      log.push(`attach ${t.name} type=${t.breakpoint!.type} len=${t.breakpoint!.len} pid=${t.pid} cookie=${t.cookie} period=${t.period}`);
      return { target: t.name!, destroy: () => { open.splice(open.indexOf(addr), 1); log.push(`detach 0x${addr.toString(16)}`); } };
    },
  };
}

describe('FunctionWatchpoints', () => {
  it('opens a breakpoint on the reported address in the traced process, then resumes it', () => {
    const h = host();
    new FunctionWatchpoints([spec()], h).attach(0, 0x5000n);
    expect(h.log).toEqual(['attach watchpoint:0x5000 type=2 len=4 pid=1234 cookie=7 period=1', 'resume 1234']);
  });

  it('async: never resumes (the setup uprobe did not stop the process)', () => {
    const h = host();
    const w = new FunctionWatchpoints([spec({ async: true })], h);
    w.attach(0, 0x5000n);
    expect(w.close()).toHaveLength(1);
    expect(h.log).toEqual(['attach watchpoint:0x5000 type=2 len=4 pid=1234 cookie=7 period=1']);
  });

  it('the address a watchpoint already watches is not watched twice; another watchpoint may watch it', () => {
    const h = host();
    const w = new FunctionWatchpoints([spec(), spec({ cookie: 8 })], h);
    w.attach(0, 0x5000n);
    w.attach(0, 0x5000n);
    w.attach(1, 0x5000n);
    expect(h.open).toEqual([0x5000n, 0x5000n]);
    expect(h.log.filter((l) => l.startsWith('resume'))).toHaveLength(3);
  });

  it('out of debug registers: bpftrace\'s message, the run goes on and the process resumes', () => {
    const h = host(2);
    const w = new FunctionWatchpoints([spec()], h);
    for (const a of [0x10n, 0x20n, 0x30n]) w.attach(0, a);
    expect(h.log.slice(-2)).toEqual(['message Failed to attach watchpoint probe. You are out of watchpoint registers.', 'resume 1234']);
    expect(h.open).toEqual([0x10n, 0x20n]);
  });

  it('unwatch removes every breakpoint on the address, and an unknown address is no error', () => {
    const h = host();
    const w = new FunctionWatchpoints([spec(), spec({ cookie: 8 })], h);
    w.attach(0, 0x10n);
    w.attach(1, 0x10n);
    w.attach(1, 0x20n);
    w.detach(0x10n);
    w.detach(0x99n);
    expect(h.open).toEqual([0x20n]);
    expect(w.close().map((l) => l.target)).toEqual(['watchpoint:0x20']);
  });

  it('other attach failures end the run (after resuming the process)', () => {
    const h = { ...host(), attach: () => { throw new BpfError('perf_event_open on pid 1234: Invalid argument', 22); } };
    expect(() => new FunctionWatchpoints([spec()], h).attach(0, 0x10n)).toThrow('Invalid argument');
    expect(h.log).toEqual(['resume 1234']);
  });

  it('after close, reports left in the ring only resume the process', () => {
    const h = host();
    const w = new FunctionWatchpoints([spec()], h);
    expect(w.close()).toEqual([]);
    w.attach(0, 0x10n);
    expect(h.open).toEqual([]);
    expect(h.log).toEqual(['resume 1234', 'resume 1234']);
  });

  it('an unknown watchpoint index is an error', () => {
    expect(() => new FunctionWatchpoints([], host()).attach(3, 0x10n)).toThrow('Invalid watchpoint probe idx=3');
  });
});
