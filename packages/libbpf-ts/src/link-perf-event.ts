// Perf-event probes: profile (software cpu-clock at a frequency on every CPU),
// interval (cpu-clock with a period on one CPU), software:EVENT:COUNT and
// hardware:EVENT:COUNT (a sample period on every CPU). One perf fd per CPU,
// each attached with a BPF perf link that carries the cookie.
import { native, lastErrno } from './libbpf.js';
import { libbpfAttach, LinkGroup, destroyAll, type Link } from './link.js';
import { BpfError, strerror } from './errors.js';
import { onlineCpus } from './cpus.js';
import type { BpfProgram } from './object.js';

export const PERF_TYPE_HARDWARE = 0;
export const PERF_TYPE_SOFTWARE = 1;
export const PERF_COUNT_SW_CPU_CLOCK = 0;

export interface PerfEventTarget {
  perfType: number;
  config: number;
  period?: number;
  freq?: number;
  cpus: 'all' | 'one';
  cookie: number | bigint;
  /** For messages, e.g. "profile:hz:99". */
  name?: string;
  /** PERF_TYPE_BREAKPOINT: bp_type (HW_BREAKPOINT_* bits), bp_addr, bp_len. */
  breakpoint?: { type: number; addr: number | bigint; len: number };
  /** Watch this process only (on any CPU) instead of every process on each CPU. */
  pid?: number;
}

const SYS_perf_event_open = process.arch === 'arm64' ? 241 : 298;
const PERF_FLAG_FD_CLOEXEC = 8;
const ATTR_SIZE = 64; // PERF_ATTR_SIZE_VER0 holds every field we set
const ATTR_SIZE_BP = 72; // PERF_ATTR_SIZE_VER1: up to bp_len
const FLAG_FREQ = 1n << 10n;
export const PERF_TYPE_BREAKPOINT = 5;

/** struct perf_event_attr, first 64 bytes (72 for a breakpoint). */
export function perfEventAttr(t: PerfEventTarget): Uint8Array {
  const size = t.breakpoint ? ATTR_SIZE_BP : ATTR_SIZE;
  const buf = new Uint8Array(size);
  const v = new DataView(buf.buffer);
  v.setUint32(0, t.perfType, true);
  v.setUint32(4, size, true);
  if (t.breakpoint) {
    v.setUint32(52, t.breakpoint.type, true); // bp_type
    v.setBigUint64(56, BigInt(t.breakpoint.addr), true); // bp_addr
    v.setBigUint64(64, BigInt(t.breakpoint.len), true); // bp_len
  }
  v.setBigUint64(8, BigInt(t.config), true);
  let flags = 0n;
  if (t.freq) {
    v.setBigUint64(16, BigInt(t.freq), true); // sample_freq
    flags |= FLAG_FREQ;
  } else {
    v.setBigUint64(16, BigInt(t.period ?? 1), true); // sample_period
  }
  v.setBigUint64(40, flags, true);
  return buf;
}

/** perf_event_open(2) on one CPU for every process (or for one process on every CPU); returns the fd. */
export function perfEventOpen(attr: Uint8Array, cpu: number, pid = -1): number {
  const fd = Number(native().c.syscall(SYS_perf_event_open, 'void *', attr, 'int', pid, 'int', cpu, 'int', -1, 'unsigned long', PERF_FLAG_FD_CLOEXEC));
  if (fd < 0) {
    const errno = lastErrno();
    throw new BpfError(`perf_event_open on ${pid >= 0 ? `pid ${pid}` : `CPU ${cpu}`}: ${strerror(errno)}`, errno, undefined, 'syscall');
  }
  return fd;
}

export function attachPerfEvent(prog: BpfProgram, t: PerfEventTarget): Link {
  const name = t.name ?? `perf_event:${t.perfType}:${t.config}`;
  const perTask = t.pid !== undefined && t.pid > 0;
  const cpus = perTask ? [-1] : t.cpus === 'one' ? onlineCpus().slice(0, 1) : onlineCpus();
  const attr = perfEventAttr(t);
  const { bpf, c, types } = native();
  const links: Link[] = [];
  try {
    for (const cpu of cpus) {
      const pfd = perfEventOpen(attr, cpu, perTask ? t.pid : -1);
      const opts = { sz: types.bpf_perf_event_opts.size, bpf_cookie: BigInt(t.cookie) };
      try {
        // On success the link owns pfd and closes it on destroy.
        links.push(libbpfAttach(`${name} (cpu ${cpu})`, () => bpf.bpf_program__attach_perf_event_opts(prog.ptr, pfd, opts),
          undefined, name));
      } catch (e) {
        c.close(pfd);
        throw e;
      }
    }
  } catch (e) {
    // A breakpoint that finds every debug register taken fails with errno ENOSPC
    // (x86 has four per CPU, shared by every watchpoint on the machine).
    destroyAll(links);
    throw e;
  }
  return new LinkGroup(name, links);
}
