// @bpftrace-ts/libbpf-ts: a TypeScript binding of libbpf 1.x (Linux only), through
// koffi. libbpf.so.1 is opened the first time something needs it.
export { BpfObject, BpfProgram } from './object.js';
export { BpfMap, MapType, numPossibleCpus, type MapEntry } from './map.js';
export { lookupBatch, lookupAndDeleteBatch, updateBatch, deleteBatch } from './map-batch.js';
export { TypedMap, u32, i32, u64, i64, bytes, type Codec } from './typed-map.js';
export { RingBufReader, type RecordHandler } from './ringbuf.js';
export { PerfBufReader, type PerfRecordHandler, type PerfLostHandler } from './perfbuf.js';
export { type Link, type AttachFailure, LibbpfLink, LinkGroup, destroyAll, destroyAllAsync } from './link.js';
export { attachTracepoint, tracepointExists, type TracepointTarget } from './link-tracepoint.js';
export { attachRawTracepoint, type RawTracepointTarget } from './link-raw-tracepoint.js';
export { attachUprobe, type UprobeTarget } from './link-uprobe.js';
export { attachUsdt, type UsdtTarget } from './link-usdt.js';
export { attachKprobe, kprobesAvailable, NO_KPROBES, type KprobeTarget } from './link-kprobe.js';
export {
  attachPerfEvent, perfEventAttr, perfEventOpen, PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE, PERF_TYPE_BREAKPOINT,
  PERF_COUNT_SW_CPU_CLOCK, type PerfEventTarget,
} from './link-perf-event.js';
export { attachTrampoline, attachIter, tracingAvailable, type TrampolineTarget } from './link-trampoline.js';
export { testRun } from './prog-run.js';
export { libbpfUnavailable, progTypeSupported, mapTypeSupported } from './features.js';
export { attempt, type BpfResult } from './result.js';
export { BpfError, strerror, type BpfErrorKind, EPERM, ENOENT, EACCES, EINVAL, ENOSPC, EOPNOTSUPP } from './errors.js';
export { onlineCpus, parseCpuList } from './cpus.js';
export { tracefsRoot } from './tracefs.js';
export { structSizes } from './libbpf.js';
