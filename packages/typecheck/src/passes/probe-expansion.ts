// Probe expansion: provider aliases -> ProbeType, canonical names as bpftrace prints
// them for `probe`, tracepoint wildcards expanded against the kernel's list (a `*`
// glob per part, as bpftrace does), units and event names validated.
import { error, warning, type AttachPoint, type Diagnostic } from '@bpftrace-ts/parser';
import type { ResolvedAttach } from '../checked.js';
import type { KernelInfo } from '../kernel/kernel-info.js';
import { lookupProbeType, TIME_UNITS } from '../tables/probes.js';
import { SOFTWARE_EVENTS, HARDWARE_EVENTS, findPerfEvent } from '../tables/events.js';
import { kprobeProblem } from './kprobe-checks.js';
import { parseWatchpoint } from './watchpoint-checks.js';

export interface Expansion {
  attach: ResolvedAttach[];
  diagnostics: Diagnostic[];
}

/** A bpftrace glob (only `*` is special) as an anchored regular expression. */
export function globToRegExp(glob: string): RegExp {
  const body = glob.split('*').map((s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('.*');
  return new RegExp(`^${body}$`);
}

const hasWildcard = (s: string) => s.includes('*');

function arityMessage(name: string, arity: readonly number[]): string {
  // As bpftrace 0.17: "requires 1 argument", "requires 1 or 2 arguments"; for uprobes it
  // names the shortest form only ("uprobe probe type requires 2 arguments").
  const counts = name === 'uprobe' || name === 'uretprobe' ? arity.slice(0, 1) : arity;
  return `${name} probe type requires ${counts.join(' or ')} argument${counts.length === 1 && counts[0] === 1 ? '' : 's'}`;
}

function parseNumber(text: string): number | undefined {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) return undefined;
  return Number(text);
}

export function expandAttachPoint(ap: AttachPoint, kernel: KernelInfo): Expansion {
  const diags: Diagnostic[] = [];
  const fail = (msg: string): Expansion => ({ attach: [], diagnostics: [error('probe/invalid', msg, ap.range)] });
  const info = lookupProbeType(ap.provider);
  if (!info) return fail(`Invalid probe type: ${ap.provider}`);
  const parts = ap.parts;
  const t = info.type;
  if (!info.arity.includes(parts.length)) return fail(arityMessage(t, info.arity));
  if (!info.wildcards && parts.some(hasWildcard)) return fail(`Wildcards are not allowed for ${t} probes`);

  switch (t) {
    case 'BEGIN': case 'END':
      return { attach: [{ probeType: t, name: t }], diagnostics: diags };
    case 'tracepoint': {
      const [cat, ev] = parts as [string, string];
      if (!hasWildcard(cat) && !hasWildcard(ev)) {
        const known = kernel.tracepoints().includes(`${cat}:${ev}`);
        if (!known) return fail(`tracepoint not found: ${cat}:${ev}`);
        return { attach: [{ probeType: t, name: `tracepoint:${cat}:${ev}`, target: cat, func: ev }], diagnostics: diags };
      }
      const rc = globToRegExp(cat), re = globToRegExp(ev);
      const attach: ResolvedAttach[] = [];
      for (const tp of kernel.tracepoints()) {
        const i = tp.indexOf(':');
        const c = tp.slice(0, i), e = tp.slice(i + 1);
        if (rc.test(c) && re.test(e)) attach.push({ probeType: t, name: `tracepoint:${c}:${e}`, target: c, func: e });
      }
      if (attach.length === 0) return fail(`tracepoints not found: ${cat}:${ev}`);
      attach.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      return { attach, diagnostics: diags };
    }
    case 'profile': case 'interval': {
      const [unit, rate] = parts as [string, string];
      if (!(TIME_UNITS as readonly string[]).includes(unit)) return fail(`${unit} is not an accepted unit of time`);
      const freq = parseNumber(rate);
      if (freq === undefined) return fail(`Invalid rate of ${t} probe: ${rate}`);
      return {
        attach: [{ probeType: t, name: `${t}:${unit}:${rate}`, unit: unit as ResolvedAttach['unit'], freq }],
        diagnostics: diags,
      };
    }
    case 'software': case 'hardware': {
      const ev = findPerfEvent(t === 'software' ? SOFTWARE_EVENTS : HARDWARE_EVENTS, parts[0]!);
      if (!ev) return fail(`${parts[0]} is not a ${t} probe`);
      let count = ev.defaultCount;
      if (parts.length === 2) {
        const n = parseNumber(parts[1]!);
        if (n === undefined) return fail(`Invalid count for ${t} probe: ${parts[1]}`);
        count = n;
      }
      const name = `${t}:${parts.join(':')}`;
      return { attach: [{ probeType: t, name, func: ev.name, freq: count }], diagnostics: diags };
    }
    case 'kprobe': case 'kretprobe': case 'kfunc': case 'kretfunc': {
      if ((t === 'kfunc' || t === 'kretfunc') && !kernel.features.fentry) return fail('kfunc/kretfunc not available for your kernel version.');
      const func = parts.at(-1)!;
      const target = parts.length === 2 ? parts[0] : undefined;
      if (t === 'kprobe' || t === 'kretprobe') {
        const bad = kprobeProblem(t, func, kernel);
        if (bad?.severity === 'error') return fail(bad.message);
        if (bad) diags.push(warning('probe/not-traceable', bad.message, ap.range));
      }
      const m = /^(.*)\+(\d+|0x[0-9a-fA-F]+)$/.exec(func);
      const base: ResolvedAttach = { probeType: t, name: `${t}:${parts.join(':')}`, func: m ? m[1]! : func };
      if (target !== undefined) base.target = target;
      if (m) base.offset = Number(m[2]);
      if (hasWildcard(func) && kernel.kernelFunctions) {
        const re = globToRegExp(func);
        const attach = kernel.kernelFunctions().filter((f) => re.test(f))
          .map((f): ResolvedAttach => ({ probeType: t, name: `${t}:${f}`, func: f }));
        // Not an error in bpftrace 0.17: other attach points of the probe may match.
        if (attach.length === 0) diags.push(warning('probe/no-match', `No matches for ${t}:${func}`, ap.range));
        return { attach, diagnostics: diags };
      }
      return { attach: [base], diagnostics: diags };
    }
    case 'uprobe': case 'uretprobe': {
      const [target, func] = parts as [string, string];
      const r: ResolvedAttach = { probeType: t, name: `${t}:${target}:${func}`, target };
      const addr = parseNumber(func);
      if (addr !== undefined) r.address = addr;
      else {
        const m = /^(.*)\+(\d+|0x[0-9a-fA-F]+)$/.exec(func);
        r.func = m ? m[1]! : func;
        if (m) r.offset = Number(m[2]);
      }
      return { attach: [r], diagnostics: diags };
    }
    case 'usdt': {
      const target = parts[0]!;
      const r: ResolvedAttach = { probeType: t, name: `usdt:${parts.join(':')}`, target, func: parts.at(-1)! };
      if (parts.length === 3) r.ns = parts[1]!;
      return { attach: [r], diagnostics: diags };
    }
    case 'rawtracepoint': {
      const ev = parts[0]!;
      if (!hasWildcard(ev)) return { attach: [{ probeType: t, name: `rawtracepoint:${ev}`, func: ev }], diagnostics: diags };
      // A raw tracepoint is named by its tracepoint's event name, without the category.
      const re = globToRegExp(ev);
      const names = [...new Set(kernel.tracepoints().map((tp) => tp.slice(tp.indexOf(':') + 1)).filter((e) => re.test(e)))].sort();
      if (names.length === 0) return fail(`rawtracepoints not found: ${ev}`);
      return { attach: names.map((e): ResolvedAttach => ({ probeType: t, name: `rawtracepoint:${e}`, func: e })), diagnostics: diags };
    }
    case 'watchpoint': case 'asyncwatchpoint': {
      const r = parseWatchpoint(t, parts);
      if (typeof r === 'string') return fail(r);
      return { attach: [r], diagnostics: diags };
    }
    case 'iter':
      return { attach: [{ probeType: t, name: `iter:${parts[0]}`, func: parts[0]! }], diagnostics: diags };
  }
}
