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
}

const SYS_perf_event_open = process.arch === 'arm64' ? 241 : 298;
const PERF_FLAG_FD_CLOEXEC = 8;
const ATTR_SIZE = 64; // PERF_ATTR_SIZE_VER0 holds every field we set
const FLAG_FREQ = 1n << 10n;

/** struct perf_event_attr, first 64 bytes. */
export function perfEventAttr(t: PerfEventTarget): Uint8Array {
  const buf = new Uint8Array(ATTR_SIZE);
  const v = new DataView(buf.buffer);
  v.setUint32(0, t.perfType, true);
  v.setUint32(4, ATTR_SIZE, true);
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

/** perf_event_open(2) on one CPU for every process; returns the fd. */
export function perfEventOpen(attr: Uint8Array, cpu: number): number {
  const fd = Number(native().c.syscall(SYS_perf_event_open, 'void *', attr, 'int', -1, 'int', cpu, 'int', -1, 'unsigned long', PERF_FLAG_FD_CLOEXEC));
  if (fd < 0) {
    const errno = lastErrno();
    throw new BpfError(`perf_event_open on CPU ${cpu}: ${strerror(errno)}`, errno);
  }
  return fd;
}

export function attachPerfEvent(prog: BpfProgram, t: PerfEventTarget): Link {
  const name = t.name ?? `perf_event:${t.perfType}:${t.config}`;
  const cpus = t.cpus === 'one' ? onlineCpus().slice(0, 1) : onlineCpus();
  const attr = perfEventAttr(t);
  const { bpf, c, types } = native();
  const links: Link[] = [];
  try {
    for (const cpu of cpus) {
      const pfd = perfEventOpen(attr, cpu);
      const opts = { sz: types.bpf_perf_event_opts.size, bpf_cookie: BigInt(t.cookie) };
      try {
        // On success the link owns pfd and closes it on destroy.
        links.push(libbpfAttach(`${name} (cpu ${cpu})`, () => bpf.bpf_program__attach_perf_event_opts(prog.ptr, pfd, opts),
          () => `Error attaching probe: '${name}'`));
      } catch (e) {
        c.close(pfd);
        throw e;
      }
    }
  } catch (e) {
    destroyAll(links);
    throw e;
  }
  return new LinkGroup(name, links);
}
