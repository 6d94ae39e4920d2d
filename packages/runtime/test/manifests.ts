// Hand-written manifests for the test BPF programs in bpf/ (what codegen would emit).
import { ARTIFACT_FORMAT, ARTIFACT_VERSION, type Manifest, type MapSpec } from '@bpftrace-ts/artifact';

const i64 = { type: 'int', size: 8, signed: true } as const;

const scalar = (name: string, bpfName: string, kind: MapSpec['kind'], bpfType: MapSpec['bpfType']): MapSpec => ({
  name, bpfName, kind, bpfType, keys: [], keySize: 4, value: i64, valueSize: 8, maxEntries: 1,
});

/** bpf/session.bpf.c */
export const sessionManifest: Manifest = {
  format: ARTIFACT_FORMAT,
  version: ARTIFACT_VERSION,
  programs: [
    { name: 'begin', section: 'raw_tp/bpftrace_begin', probeIndex: 0, attach: [{ type: 'begin' }] },
    { name: 'end', section: 'raw_tp/bpftrace_end', probeIndex: 1, attach: [{ type: 'end' }] },
  ],
  maps: [scalar('@a', 'map_a', 'value', 'hash')],
  events: [
    { kind: 'printf', format: 'hello %d\n', fields: [{ offset: 8, layout: i64 }] },
    { kind: 'exit' },
    { kind: 'printf', format: 'bye %s\n', fields: [{ offset: 8, layout: { type: 'string', size: 8 } }] },
  ],
  ringbuf: 'ringbuf',
  probeNames: ['BEGIN', 'END'],
};

/** bpf/child.bpf.c */
export const childManifest: Manifest = {
  format: ARTIFACT_FORMAT,
  version: ARTIFACT_VERSION,
  programs: [
    { name: 'opens', section: 'tracepoint/syscalls/sys_enter_openat', probeIndex: 0, attach: [{ type: 'tracepoint', category: 'syscalls', event: 'sys_enter_openat', cookie: 0 }] },
    { name: 'ppid', section: 'tracepoint/syscalls/sys_enter_getppid', probeIndex: 1, attach: [{ type: 'tracepoint', category: 'syscalls', event: 'sys_enter_getppid', cookie: 1 }] },
  ],
  maps: [scalar('@opens', 'map_opens', 'count', 'percpu_array')],
  events: [{ kind: 'printf', format: 'ppid %d\n', fields: [{ offset: 8, layout: i64 }] }],
  ringbuf: 'ringbuf',
  probeNames: ['tracepoint:syscalls:sys_enter_openat', 'tracepoint:syscalls:sys_enter_getppid'],
};

/** bpf/perf.bpf.c as `interval:ms:10 { ... }` with no exit: runs until stopped. */
export const perfManifest: Manifest = {
  format: ARTIFACT_FORMAT,
  version: ARTIFACT_VERSION,
  programs: [
    { name: 'on_tick', section: 'perf_event', probeIndex: 0, attach: [{ type: 'perf_event', perfType: 1, config: 0, period: 10_000_000, cpus: 'one', cookie: 0 }] },
  ],
  maps: [],
  events: [],
  ringbuf: 'ringbuf',
  probeNames: ['interval:ms:10'],
};
