// Sections and attach specs of raw tracepoints and address watchpoints (the
// runtime attaches them: packages/cli/test/probe-kinds.test.ts runs them).
import { describe, expect, it } from 'vitest';
import { emitIr } from '../src/index.js';
import { checkScript } from './fixture.js';

const manifestOf = (src: string) => {
  const r = emitIr(checkScript(src));
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.manifest!;
};

describe('rawtracepoint', () => {
  it('a raw_tp program per attach point (raw tracepoint links carry no cookie); argN reads the Nth u64 of the context', () => {
    const r = emitIr(checkScript('rawtracepoint:sched_switch,rawtracepoint:sched_wakeup { @[probe] = count(); @a = arg1; }'));
    const m = r.manifest!;
    expect(m.programs.map((p) => [p.section, p.attach])).toEqual([
      ['raw_tp/sched_switch', [{ type: 'raw_tracepoint', event: 'sched_switch', cookie: 0 }]],
      ['raw_tp/sched_wakeup', [{ type: 'raw_tracepoint', event: 'sched_wakeup', cookie: 1 }]],
    ]);
    expect(m.probeNames).toEqual(['rawtracepoint:sched_switch', 'rawtracepoint:sched_wakeup']);
    expect(r.ir).not.toContain('get_attach_cookie');
  });
});

describe('watchpoint:ADDR:LEN:MODE', () => {
  it('is a breakpoint perf event (type 5) on every CPU, every access sampled', () => {
    const m = manifestOf('watchpoint:0x10000000:4:rw { @ = count(); }');
    expect(m.programs[0]!.section).toBe('perf_event');
    expect(m.programs[0]!.attach).toEqual([{ type: 'perf_event', perfType: 5, config: 0, period: 1, cpus: 'all', cookie: 0,
      breakpoint: { type: 3, addr: 0x10000000, len: 4 } }]);
    expect(m.probeNames).toEqual(['watchpoint:268435456:4:rw']);
    expect(manifestOf('watchpoint:0x1000:8:x { }').programs[0]!.attach[0]).toMatchObject({ breakpoint: { type: 4, addr: 0x1000, len: 8 } });
  });
});

describe('watchpoint:FUNC+argN:LEN:MODE (attached while the script runs)', () => {
  /** What the CLI does: the traced binary becomes the target. */
  const traced = (src: string) => {
    const checked = checkScript(src);
    for (const p of checked.probes) p.attach = p.attach.map((a) => ({ ...a, target: '/bin/prog' }));
    const r = emitIr(checked);
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return r;
  };

  it('the clause\'s program has no attach point of its own; a setup uprobe on the function reports argN', () => {
    const { manifest: m, ir } = traced('watchpoint:increment+arg1:4:w { @ = count(); }');
    expect(m!.programs.map((p) => [p.section, p.attach])).toEqual([
      ['perf_event', []],
      ['uprobe', [{ type: 'uprobe', binary: '/bin/prog', symbol: 'increment', offset: 0, retprobe: false, cookie: 0 }]],
    ]);
    expect(m!.watchpoints).toEqual([{ program: m!.programs[0]!.name, cookie: 0, breakpoint: { type: 2, len: 4 }, async: false }]);
    expect(m!.events).toContainEqual({ kind: 'watchpoint_attach', watchpoint: 0, addr: { offset: 8, layout: { type: 'int', size: 8, signed: false } } });
    // The setup program stops the process (send_signal(SIGSTOP)) and reads arg1 (pt_regs->si, offset 104).
    const setup = ir!.slice(ir!.indexOf(`@${m!.programs[1]!.name}(`));
    expect(setup).toMatch(/inttoptr \(i64 109 to ptr\)\(i64 19\)/);
    expect(setup).toContain('i64 104');
  });

  it('asyncwatchpoint: the setup uprobe does not stop the process', () => {
    const { manifest: m, ir } = traced('asyncwatchpoint:increment+arg0:8:rw { @ = count(); }');
    expect(m!.watchpoints).toEqual([{ program: m!.programs[0]!.name, cookie: 0, breakpoint: { type: 3, len: 8 }, async: true }]);
    expect(ir).not.toMatch(/i64 109 to/);
  });

  it('several functions: one program for the clause (probe ids as cookies), a setup uprobe and a watchpoint each', () => {
    const { manifest: m } = traced('watchpoint:f1+arg0:4:w, watchpoint:f2+arg0:4:w, watchpoint:0x1000:8:w { printf("%s\\n", probe); }');
    expect(m!.programs.map((p) => p.attach.map((a) => a.type))).toEqual([['perf_event'], ['uprobe'], ['uprobe']]);
    expect(m!.watchpoints!.map((w) => [w.program, w.cookie])).toEqual([[m!.programs[0]!.name, 0], [m!.programs[0]!.name, 1]]);
    expect(m!.programs.slice(1).map((p) => (p.attach[0] as { symbol: string; cookie: number }))).toMatchObject([{ symbol: 'f1', cookie: 0 }, { symbol: 'f2', cookie: 1 }]);
  });

  it('unwatch(addr) is an event carrying the address', () => {
    const { manifest: m } = traced('watchpoint:increment+arg0:4:w { unwatch(0x1234); }');
    expect(m!.events).toContainEqual({ kind: 'watchpoint_detach', addr: { offset: 8, layout: { type: 'int', size: 8, signed: false } } });
  });
});
