// @bpftrace-ts/runtime: bpftrace's loader over @bpftrace-ts/libbpf-ts (Linux only)
// plus, in ./output/, the pure renderers. The libbpf layer is re-exported for callers
// that used it from here; new code should import @bpftrace-ts/libbpf-ts itself.
export { runSession, runSessionDetailed, DEFAULT_CAT_BYTES_MAX, type SessionOptions, type SessionResult, type SessionError } from './session.js';
export {
  BpfObject, BpfProgram, BpfMap, MapType, numPossibleCpus, type MapEntry, RingBufReader, type RecordHandler,
  type Link, LibbpfLink, LinkGroup, destroyAll, destroyAllAsync, attachTracepoint, tracepointExists, type TracepointTarget,
  attachKprobe, kprobesAvailable, NO_KPROBES, type KprobeTarget,
  attachPerfEvent, perfEventAttr, perfEventOpen, PERF_TYPE_HARDWARE, PERF_TYPE_SOFTWARE, PERF_COUNT_SW_CPU_CLOCK, type PerfEventTarget,
  BpfError, strerror, onlineCpus, parseCpuList, attachTrampoline, attachIter, tracingAvailable,
} from '@bpftrace-ts/libbpf-ts';
export { attachUprobe, type UprobeTarget } from './link-uprobe.js';
export { runOnce, BEGIN_SECTION, END_SECTION } from './begin-end.js';
export { attachAll, attachOne, countProbes, withoutMissingUprobes, type Attached, type AttachOptions } from './attach.js';
export { elfFunctionNames, elfFunctions, functionAt, symbolLookup, type UserFunction } from './uprobe-symbols.js';
export { readUsdtNotes, type UsdtNote } from './symbols/usdt-notes.js';
export { spawnPaused, resolveCommand, type PausedChild } from './child.js';
export { handleRecord, eventId, type EventContext, type EventOutcome } from './events.js';
export { createRenderer, type Renderer } from './renderer.js';
export { hostResolvers, hostResolversWith, ksymName, type UserSymbolOptions } from './resolvers.js';
export { demangle } from './symbols/demangle.js';
export * from './output/index.js';
export { preflight } from './preflight.js';
export { supportedMapTypes } from './map-types.js';
export { attachUsdt, UsdtSpecTable, type UsdtTarget } from './link-usdt.js';
export { stackResolver } from './stack-resolver.js';
export { readElf, readElfSymbols, elfSymbolValue, hasElfMagic, fileOffsetToVaddr, lookupSymbol, kernelSymbol, userSymbol, resolveUserSymbol, resolveUserSymbolSize, parseMaps, rememberProcess, forgetProcesses, type ElfImage, type ElfSymbolEntry, type ElfSymbols, type ElfSymbol } from './symbols/index.js';
export { resolveCgroupId, cgroupPathText, cgroupRoots, wildcardMatch } from './cgroups.js';
export { bootTimeNs } from './clock.js';
export { trampolinePreflight, trampolineProbes } from './trampoline-probes.js';
export { attachError, loadError, OUT_OF_WATCHPOINTS } from './attach-errors.js';
export * from './runner/index.js';
export { fileDwarfTypes, readDwarfTypes, dwarfSections, DwarfTypes, DwarfError, type DwarfSections } from './symbols/index.js';
