// tracepoint:CATEGORY:EVENT through perf_event_open + a BPF perf link with a cookie.
import { existsSync } from 'node:fs';
import { native } from './libbpf.js';
import { libbpfAttach, type Link } from './link.js';
import type { BpfProgram } from './object.js';
import { tracefsRoot } from './tracefs.js';

export interface TracepointTarget {
  category: string;
  event: string;
  cookie: number | bigint;
}

export function tracepointExists(category: string, event: string): boolean {
  return existsSync(`${tracefsRoot()}/events/${category}/${event}/id`);
}

export function attachTracepoint(prog: BpfProgram, t: TracepointTarget): Link {
  const target = `tracepoint:${t.category}:${t.event}`;
  const { bpf, types } = native();
  const opts = { sz: types.bpf_tracepoint_opts.size, bpf_cookie: BigInt(t.cookie) };
  return libbpfAttach(target, () => bpf.bpf_program__attach_tracepoint_opts(prog.ptr, t.category, t.event, opts),
    (errno) => errno === 2 && !tracepointExists(t.category, t.event)
      ? { kind: 'not-found', message: `tracepoint not found: ${t.category}:${t.event}` } : undefined);
}
