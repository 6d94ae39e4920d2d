// Attach every AttachSpec of a manifest: one Link per spec (BEGIN/END are run,
// not attached). All-or-nothing: on the first failure everything attached so
// far is detached again before the error propagates.
import { attachIter, attachTrampoline } from './link-trampoline.js';
import type { AttachSpec, Manifest } from '@bpftrace-ts/codegen';
import type { BpfObject, BpfProgram } from './object.js';
import { destroyAll, type Link } from './link.js';
import { attachTracepoint } from './link-tracepoint.js';
import { attachUprobe } from './link-uprobe.js';
import { attachKprobe } from './link-kprobe.js';
import { attachPerfEvent } from './link-perf-event.js';
import { attachUsdt } from './link-usdt.js';
import { BpfError } from './errors.js';
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
  /** Restrict uprobes and USDT probes without a pid of their own to this process (-c). */
  pid?: number;
}

export function attachAll(obj: BpfObject, manifest: Manifest, opts: AttachOptions = {}): Attached {
  const out: Attached = { links: [], begin: [], end: [] };
  try {
    for (const ps of manifest.programs) {
      const prog = obj.program(ps.name);
      if (!prog) throw new BpfError(`program ${ps.name} is missing from the BPF object`);
      for (const spec of ps.attach) {
        if (spec.type === 'begin') { out.begin.push(prog); continue; }
        if (spec.type === 'end') { out.end.push(prog); continue; }
        const scoped = opts.pid !== undefined && (spec.type === 'uprobe' || spec.type === 'usdt') && (spec.pid ?? -1) < 0
          ? { ...spec, pid: opts.pid } : spec;
        const link = attachOne(prog, scoped);
        out.links.push(link);
        opts.onAttach?.(spec, link);
      }
    }
  } catch (e) {
    destroyAll(out.links);
    throw e;
  }
  return out;
}

export function attachOne(prog: BpfProgram, spec: Exclude<AttachSpec, { type: 'begin' | 'end' }> & { pid?: number }): Link {
  switch (spec.type) {
    case 'tracepoint': return attachTracepoint(prog, spec);
    case 'uprobe': return attachUprobe(prog, spec);
    case 'kprobe': return attachKprobe(prog, spec);
    case 'perf_event': return attachPerfEvent(prog, spec);
    case 'usdt': return attachUsdt(prog, spec);
    case 'kfunc': return attachTrampoline(prog, spec);
    case 'iter': return attachIter(prog, spec);
  }
}
