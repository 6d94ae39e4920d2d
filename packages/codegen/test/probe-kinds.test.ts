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
