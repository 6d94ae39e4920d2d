// Programs: one per probe clause (or one per attach point when the body reads
// per-attach-point layouts), their ELF sections and AttachSpecs.
//
// Sections: BEGIN/END "raw_tp/bpftrace_begin" / "raw_tp/bpftrace_end" (the
// runtime runs them with bpf_prog_test_run_opts, no attach); tracepoints
// "tracepoint/CAT/EVENT" (of the first attach point; the runtime attaches the
// program to every AttachSpec); "uprobe"/"uretprobe"; "kprobe/FUNC" /
// "kretprobe/FUNC"; "perf_event" for profile/interval/software/hardware.

import { trampolineAttach, trampolineSection } from './kfunc.js';
import type { CheckedProbe, ResolvedAttach } from '@bpftrace-ts/typecheck';
import type { ModuleCtx, ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { genCond } from './expressions.js';
import { callHelper } from './helpers.js';
import { FunctionBuilder, I64, I8P, i64 } from './ir-builder.js';
import type { AttachSpec, ProgramSpec } from './manifest.js';
import { zeroKey } from './maps.js';
import { genStmts } from './statements.js';
import { addressWatchpointAttach, genWatchpointSetup, isFunctionWatchpoint } from './watchpoints.js';

const PERF_TYPE_HARDWARE = 0;
const PERF_TYPE_SOFTWARE = 1;
const SW_CPU_CLOCK = 0;

const SOFTWARE: Record<string, number> = {
  'cpu-clock': 0, cpu: 0, 'task-clock': 1, 'page-faults': 2, faults: 2, 'context-switches': 3, cs: 3,
  'cpu-migrations': 4, 'minor-faults': 5, 'major-faults': 6, 'alignment-faults': 7, 'emulation-faults': 8,
  dummy: 9, 'bpf-output': 10,
};
const HARDWARE: Record<string, number> = {
  'cpu-cycles': 0, cycles: 0, instructions: 1, 'cache-references': 2, 'cache-misses': 3,
  'branch-instructions': 4, branches: 4, 'branch-misses': 5, 'bus-cycles': 6, 'frontend-stalls': 7,
  'backend-stalls': 8, 'ref-cycles': 9,
};
const UNIT_NS: Record<string, number> = { s: 1e9, ms: 1e6, us: 1e3 };

export function sectionFor(a: ResolvedAttach): string | undefined {
  switch (a.probeType) {
    case 'BEGIN': return 'raw_tp/bpftrace_begin';
    case 'END': return 'raw_tp/bpftrace_end';
    case 'tracepoint': return `tracepoint/${a.target}/${a.func}`;
    case 'rawtracepoint': return `raw_tp/${a.func}`;
    case 'uprobe': case 'uretprobe': return a.probeType;
    case 'usdt': return 'usdt';
    case 'kprobe': case 'kretprobe': return `${a.probeType}/${a.func}`;
    case 'profile': case 'interval': case 'software': case 'hardware': return 'perf_event';
    // A watchpoint on a function's argument too: the runtime attaches it when the function runs.
    case 'watchpoint': case 'asyncwatchpoint': return 'perf_event';
    default: return trampolineSection(a);
  }
}

export function attachSpecFor(a: ResolvedAttach, cookie: number): AttachSpec | undefined {
  switch (a.probeType) {
    case 'BEGIN': return { type: 'begin' };
    case 'END': return { type: 'end' };
    case 'tracepoint': return { type: 'tracepoint', category: a.target ?? '', event: a.func ?? '', cookie };
    case 'rawtracepoint': return { type: 'raw_tracepoint', event: a.func ?? '', cookie };
    case 'uprobe': case 'uretprobe':
      return { type: 'uprobe', binary: a.target ?? '', symbol: a.func, offset: a.offset ?? a.address ?? 0, retprobe: a.probeType === 'uretprobe', cookie };
    case 'usdt':
      return { type: 'usdt', binary: a.target ?? '', provider: a.ns ?? '', name: a.func ?? '', cookie };
    case 'kprobe': case 'kretprobe':
      return { type: 'kprobe', func: a.func ?? '', offset: a.offset ?? 0, retprobe: a.probeType === 'kretprobe', cookie };
    case 'profile': case 'interval': {
      const unit = a.unit ?? 'hz';
      const v = a.freq ?? 1;
      const cpus = a.probeType === 'interval' ? 'one' : 'all';
      if (unit === 'hz') return { type: 'perf_event', perfType: PERF_TYPE_SOFTWARE, config: SW_CPU_CLOCK, freq: v, cpus, cookie };
      return { type: 'perf_event', perfType: PERF_TYPE_SOFTWARE, config: SW_CPU_CLOCK, period: v * UNIT_NS[unit], cpus, cookie };
    }
    case 'software': case 'hardware': {
      const table = a.probeType === 'software' ? SOFTWARE : HARDWARE;
      const config = table[a.func ?? ''];
      if (config === undefined) return undefined;
      const period = a.freq ?? (a.probeType === 'software' ? 1000 : 1000000);
      const perfType = a.probeType === 'software' ? PERF_TYPE_SOFTWARE : PERF_TYPE_HARDWARE;
      return { type: 'perf_event', perfType, config, period, cpus: 'all', cookie };
    }
    // Function watchpoints have none: see watchpoints.ts.
    case 'watchpoint': case 'asyncwatchpoint': return a.address !== undefined ? addressWatchpointAttach(a, cookie) : undefined;
    default: return trampolineAttach(a, cookie);
  }
}

function progName(probe: CheckedProbe, a: ResolvedAttach, sub?: number): string {
  if (a.probeType === 'BEGIN' || a.probeType === 'END') return `${a.probeType}_${probe.index}`;
  const what = `${a.probeType}_${a.func ?? ''}`.replace(/[^A-Za-z0-9_]/g, '_').slice(0, 40);
  return `p${probe.index}${sub === undefined ? '' : `_${sub}`}_${what}`;
}

/** Store ktime_get_ns() as the start time that `elapsed` subtracts. */
function storeStartTime(m: ModuleCtx, f: FunctionBuilder): void {
  if (!m.elapsedMap) return;
  const v = callHelper(f, 'map_lookup_elem', I8P, [m.elapsedMap, zeroKey(f)]);
  const ok = f.newBlock('settime');
  const join = f.newBlock('timeset');
  f.condBr(f.icmp('ne', v, { type: I8P, ref: 'null' }), ok, join);
  f.setBlock(ok);
  f.store(callHelper(f, 'ktime_get_ns', I64, []), f.bytePtr(v, 0, I64), 8);
  f.br(join);
  f.setBlock(join);
}

/**
 * Generate the programs of one clause. `ids` are the probe ids (probeNames
 * indexes, also the attach cookies) of its attach points, in order.
 */
export function genProbe(m: ModuleCtx, probe: CheckedProbe, ids: number[]): ProgramSpec[] {
  // Raw tracepoint links carry no cookie: each attach point gets its own program.
  const split = probe.perAttachPoint || probe.attach[0]?.probeType === 'rawtracepoint';
  const groups: { attach: ResolvedAttach[]; ids: number[]; sub?: number }[] = split && probe.attach.length > 1
    ? probe.attach.map((a, j) => ({ attach: [a], ids: [ids[j]], sub: j }))
    : [{ attach: probe.attach, ids }];
  const out: ProgramSpec[] = [];
  for (const g of groups) {
    const first = g.attach[0];
    if (!first) continue;
    const section = sectionFor(first);
    // Function watchpoints are attached while the script runs, through setup uprobes.
    const deferred = g.attach.map(isFunctionWatchpoint);
    const specs = g.attach.flatMap((a, j) => (deferred[j] ? [] : [attachSpecFor(a, g.ids[j])]));
    if (!section || specs.some((s) => !s)) {
      unsupported(m, `probe type '${first.probeType}' (${first.name})`, probe.probe.range);
      continue;
    }
    const name = progName(probe, first, g.sub);
    const f = new FunctionBuilder(name, I64, [{ name: 'ctx', type: I8P }], section, m.di.subprogram(name));
    const p: ProbeCtx = { m, f, ctx: f.param(0), probe, attach: g.attach, firstId: g.ids[0], vars: new Map(), loops: [] };
    if (first.probeType === 'BEGIN') storeStartTime(m, f);
    if (probe.probe.predicate) {
      const body = f.newBlock('pred_true');
      const skip = f.newBlock('pred_false');
      f.condBr(genCond(p, probe.probe.predicate), body, skip);
      f.setBlock(skip);
      f.ret(i64(0));
      f.setBlock(body);
    }
    genStmts(p, probe.probe.body);
    f.ret(i64(0));
    m.mod.addFunction(f);
    out.push({ name, section, probeIndex: probe.index, attach: specs as AttachSpec[] });
    g.attach.forEach((a, j) => { if (deferred[j]) out.push(genWatchpointSetup(m, probe, a, g.ids[j]!, name)); });
  }
  return out;
}

/** A BEGIN program that only records the start time, for scripts using `elapsed` without BEGIN. */
export function genStartTimeProgram(m: ModuleCtx): ProgramSpec {
  const name = 'BEGIN_start_time';
  const f = new FunctionBuilder(name, I64, [{ name: 'ctx', type: I8P }], 'raw_tp/bpftrace_begin', m.di.subprogram(name));
  storeStartTime(m, f);
  f.ret(i64(0));
  m.mod.addFunction(f);
  return { name, section: 'raw_tp/bpftrace_begin', probeIndex: -1, attach: [{ type: 'begin' }] };
}
