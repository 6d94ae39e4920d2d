// kprobe / kretprobe. Kernels without CONFIG_KPROBES have neither the kprobe PMU
// nor tracefs kprobe_events: say so instead of reporting a bare ENOENT.
import { existsSync } from 'node:fs';
import { native } from './libbpf.js';
import { libbpfAttach, type Link } from './link.js';
import { BpfError } from './errors.js';
import type { BpfProgram } from './object.js';
import { tracefsRoot } from './tracefs.js';

export interface KprobeTarget {
  func: string;
  offset: number;
  retprobe: boolean;
  cookie: number | bigint;
}

export const NO_KPROBES = 'kprobes are not available on this kernel (no CONFIG_KPROBES)';

export function kprobesAvailable(): boolean {
  return existsSync('/sys/bus/event_source/devices/kprobe/type') || existsSync(`${tracefsRoot()}/kprobe_events`);
}

export function attachKprobe(prog: BpfProgram, t: KprobeTarget): Link {
  const target = `${t.retprobe ? 'kretprobe' : 'kprobe'}:${t.func}${t.offset ? `+${t.offset}` : ''}`;
  if (!kprobesAvailable()) throw new BpfError(NO_KPROBES, 95, undefined, 'not-supported', target);
  const { bpf, types } = native();
  const opts = { sz: types.bpf_kprobe_opts.size, bpf_cookie: BigInt(t.cookie), offset: t.offset, retprobe: t.retprobe };
  return libbpfAttach(target, () => bpf.bpf_program__attach_kprobe_opts(prog.ptr, t.func, opts),
    (errno) => (errno === 2 || errno === 95) && !kprobesAvailable() ? { kind: 'not-supported', message: NO_KPROBES } : undefined);
}
