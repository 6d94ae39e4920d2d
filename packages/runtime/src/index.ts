// @bpftrace-ts/runtime: the thin loader over libbpf (Linux only) plus, in
// ./output/, the pure renderers.
export { runSession, runSessionDetailed, type SessionOptions, type SessionResult, type SessionError } from './session.js';
export { BpfObject, BpfProgram } from './object.js';
export { BpfMap, MapType, numPossibleCpus, type MapEntry } from './map.js';
export { RingBufReader, type RecordHandler } from './ringbuf.js';
export { type Link, LibbpfLink, LinkGroup, destroyAll, destroyAllAsync } from './link.js';
export { attachTracepoint, tracepointExists, type TracepointTarget } from './link-tracepoint.js';
export { attachUprobe, type UprobeTarget } from './link-uprobe.js';
export { attachKprobe, kprobesAvailable, NO_KPROBES, type KprobeTarget } from './link-kprobe.js';
export { attachPerfEvent, perfEventAttr, perfEventOpen, PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, type PerfEventTarget } from './link-perf-event.js';
export { runOnce, BEGIN_SECTION, END_SECTION } from './begin-end.js';
export { attachAll, attachOne, countProbes, withoutMissingUprobes, type Attached, type AttachOptions } from './attach.js';
export { elfFunctionNames, elfFunctions, functionAt, symbolLookup, type UserFunction } from './uprobe-symbols.js';
export { readUsdtNotes, type UsdtNote } from './symbols/usdt-notes.js';
export { spawnPaused, resolveCommand, type PausedChild } from './child.js';
export { handleRecord, eventId, type EventContext, type EventOutcome } from './events.js';
export { createRenderer, type Renderer } from './renderer.js';
export { hostResolvers, ksymName } from './resolvers.js';
export * from './output/index.js';
export { BpfError, strerror } from './errors.js';
export { preflight } from './preflight.js';
export { onlineCpus, parseCpuList } from './cpus.js';
export { attachUsdt, type UsdtTarget } from './link-usdt.js';
export { stackResolver } from './stack-resolver.js';
export { readElf, readElfSymbols, elfSymbolValue, hasElfMagic, fileOffsetToVaddr, lookupSymbol, kernelSymbol, userSymbol, resolveUserSymbol, parseMaps, rememberProcess, forgetProcesses, type ElfImage, type ElfSymbolEntry, type ElfSymbols, type ElfSymbol } from './symbols/index.js';
export { resolveCgroupId, cgroupPathText, cgroupRoots, wildcardMatch } from './cgroups.js';
export { bootTimeNs } from './clock.js';
export { attachTrampoline, attachIter, trampolinePreflight, trampolineProbes, tracingAvailable } from './link-trampoline.js';
