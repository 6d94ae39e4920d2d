// Attach every AttachSpec of a manifest: one Link per spec (BEGIN/END are run,
// not attached). All-or-nothing, except where bpftrace 0.17 skips an attach point
// (see skippable): on the first failure everything attached so far is detached
// again before the error propagates.
import type { AttachSpec, Manifest } from '@bpftrace-ts/artifact';
import {
  attachIter, attachTrampoline, attachTracepoint, attachRawTracepoint, attachKprobe, attachPerfEvent, destroyAll,
  PERF_COUNT_SW_CPU_CLOCK, PERF_TYPE_SOFTWARE, BpfError, type BpfObject, type BpfProgram, type Link,
} from '@bpftrace-ts/libbpf-ts';
import { attachUprobe } from './link-uprobe.js';
import { attachUsdt, UsdtSpecTable } from './link-usdt.js';
import { attachError } from './attach-errors.js';
import { symbolLookup } from './uprobe-symbols.js';

export interface Attached {
  links: Link[];
  begin: BpfProgram[];
  end: BpfProgram[];
}

/** How many probes bpftrace would report: every attach point, BEGIN and END included. */
export function countProbes(manifest: Manifest): number {
  // A usdt probe with several call sites counts once per site, as in bpftrace 0.17.
  return manifest.programs.reduce((n, p) => n + p.attach.reduce((m, a) => m + (a.type === 'usdt' ? a.locations ?? 1 : 1), 0), 0);
}

/**
 * The manifest without the uprobes whose symbol their binary does not define: bpftrace
 * 0.17 skips those attach points silently and counts only the rest ("Attaching N
 * probes...", or "No probes to attach" when none is left). Nothing else changes: the
 * programs stay (unattached) and cookies keep their probe ids.
 */
export function withoutMissingUprobes(manifest: Manifest, defined = symbolLookup()): Manifest {
  const keep = (spec: AttachSpec) => spec.type !== 'uprobe' || spec.symbol === undefined || defined(spec.binary, spec.symbol);
  if (manifest.programs.every((p) => p.attach.every(keep))) return manifest;
  return { ...manifest, programs: manifest.programs.map((p) => ({ ...p, attach: p.attach.filter(keep) })) };
}

export interface AttachOptions {
  /** Called after each successful attach (progress, timing). */
  onAttach?(spec: AttachSpec, link: Link): void;
  /** Restrict uprobes, USDT probes and watchpoints without a pid of their own to this process (-c, -p). */
  pid?: number;
  /** Reports an attach point that is skipped (one line, without "WARNING: "). */
  warn?(text: string): void;
  /**
   * Called with the BEGIN programs before anything else is attached: bpftrace 0.17 runs
   * BEGIN first, so no other probe fires before it (`interval:s:1` fires a second after BEGIN).
   */
  beforeAttach?(begin: BpfProgram[]): void;
}

type Attachable = Exclude<AttachSpec, { type: 'begin' | 'end' }>;

/**
 * bpftrace 0.17 attaches the probe types the kernel runs newest-first (kprobe, uprobe,
 * uretprobe, usdt, software, kfunc, iter) in reverse script order, the others in script
 * order, so that the clauses of one event run in the order they are written.
 */
function attachesInReverse(spec: Attachable): boolean {
  switch (spec.type) {
    case 'kprobe': return !spec.retprobe;
    case 'kfunc': return !spec.retprobe;
    case 'uprobe': case 'usdt': case 'iter': return true;
    // software:* (a perf event on every CPU); not profile or interval (cpu-clock timers) nor hardware.
    case 'perf_event': return spec.perfType === PERF_TYPE_SOFTWARE && spec.cpus === 'all' && spec.config !== PERF_COUNT_SW_CPU_CLOCK;
    case 'tracepoint': case 'raw_tracepoint': return false;
  }
}

/**
 * bpftrace 0.17 skips a kprobe (with a warning) or a tracepoint (silently) that fails to
 * attach when its clause has other attach points (a list or a wildcard): Debian's
 * biolatency.bt names two kernels' functions and expects one to be missing. A clause with
 * a single attach point fails the run.
 */
function skippable(spec: Attachable, attachPointsOfClause: number): 'warn' | 'silent' | undefined {
  if (attachPointsOfClause < 2) return undefined;
  return spec.type === 'kprobe' ? 'warn' : spec.type === 'tracepoint' ? 'silent' : undefined;
}

/**
 * Attach points in reverse order, except the usdt call sites of one clause, which stay in
 * script order: the clause order is kept and the first site named is the first to fire
 * (bpftrace 0.17 reverses those too, so which site reports first depends on timing).
 */
function reverseClauses(list: [BpfProgram, Attachable, number][]): [BpfProgram, Attachable, number][] {
  const out: [BpfProgram, Attachable, number][] = [];
  for (let i = list.length - 1; i >= 0;) {
    let j = i;
    if (list[i]![1].type === 'usdt') {
      while (j > 0 && list[j - 1]![0] === list[i]![0] && list[j - 1]![1].type === 'usdt') j--;
    }
    out.push(...list.slice(j, i + 1));
    i = j - 1;
  }
  return out;
}

export function attachAll(obj: BpfObject, manifest: Manifest, opts: AttachOptions = {}): Attached {
  const out: Attached = { links: [], begin: [], end: [] };
  const perClause = new Map<number, number>();
  for (const ps of manifest.programs) perClause.set(ps.probeIndex, (perClause.get(ps.probeIndex) ?? 0) + ps.attach.length);
  const forward: [BpfProgram, Attachable, number][] = [];
  let usdtSpecs: UsdtSpecTable | undefined;
  try {
    for (const ps of manifest.programs) {
      const prog = obj.program(ps.name);
      if (!prog) throw new BpfError(`program ${ps.name} is missing from the BPF object`);
      for (const spec of ps.attach) {
        if (spec.type === 'begin') { out.begin.push(prog); continue; }
        if (spec.type === 'end') { out.end.push(prog); continue; }
        forward.push([prog, spec, perClause.get(ps.probeIndex) ?? 1]);
      }
    }
    opts.beforeAttach?.(out.begin);
    const ordered = [...forward.filter(([, s]) => !attachesInReverse(s)), ...reverseClauses(forward.filter(([, s]) => attachesInReverse(s)))];
    for (const [prog, spec, clauseSize] of ordered) {
      // A watchpoint watches the traced process only, as bpftrace does with -c/-p.
      const perPid = spec.type === 'uprobe' || spec.type === 'usdt' || (spec.type === 'perf_event' && spec.breakpoint !== undefined);
      const scoped = opts.pid !== undefined && perPid && (spec.pid ?? -1) < 0
        ? { ...spec, pid: opts.pid } : spec;
      let link: Link;
      try {
        if (spec.type === 'usdt') usdtSpecs ??= UsdtSpecTable.of(obj);
        link = attachOne(prog, scoped, usdtSpecs);
      } catch (e) {
        const skip = skippable(spec, clauseSize);
        if (!skip) throw e;
        if (skip === 'warn') opts.warn?.(`could not attach probe ${specName(spec)}, skipping.`);
        continue;
      }
      out.links.push(link);
      opts.onAttach?.(spec, link);
    }
  } catch (e) {
    destroyAll(out.links);
    throw e;
  }
  return out;
}

/** The attach point as bpftrace names it in its messages. */
function specName(spec: Attachable): string {
  switch (spec.type) {
    case 'kprobe': return `${spec.retprobe ? 'kretprobe' : 'kprobe'}:${spec.func}${spec.offset ? `+${spec.offset}` : ''}`;
    case 'tracepoint': return `tracepoint:${spec.category}:${spec.event}`;
    default: return spec.type;
  }
}

/** Attach one spec (`usdtSpecs`: the object's usdt spec table, which usdt probes need); failures are worded as bpftrace 0.17 words them. */
export function attachOne(prog: BpfProgram, spec: Exclude<AttachSpec, { type: 'begin' | 'end' }> & { pid?: number }, usdtSpecs?: UsdtSpecTable): Link {
  try {
    return attachSpec(prog, spec, usdtSpecs);
  } catch (e) {
    throw attachError(spec, e);
  }
}

function attachSpec(prog: BpfProgram, spec: Exclude<AttachSpec, { type: 'begin' | 'end' }> & { pid?: number }, usdtSpecs?: UsdtSpecTable): Link {
  switch (spec.type) {
    case 'tracepoint': return attachTracepoint(prog, spec);
    case 'raw_tracepoint': return attachRawTracepoint(prog, spec);
    case 'uprobe': return attachUprobe(prog, spec);
    case 'kprobe': return attachKprobe(prog, spec);
    case 'perf_event': return attachPerfEvent(prog, spec);
    case 'usdt': return attachUsdt(prog, spec, usdtSpecs);
    case 'kfunc': return attachTrampoline(prog, spec);
    case 'iter': return attachIter(prog, spec);
  }
}
