// createKernelInfo: a KernelInfo over raw sources (tracefs text, a BTF blob, feature flags).
// Lazy: formats are parsed on first use and cached; BTF is only touched (and, when given as
// a function, only loaded) when a record, typedef, enum or function is asked for.

import type { BinaryTypes, CType, FuncProto, KernelFeatures, KernelInfo, RecordInfo, TracepointFormat } from './kernel-info.js';
import type { Btf } from './btf/btf.js';
import { parseTracepointFormat } from './tracepoint-format.js';

export interface KernelInfoSources {
  /** Every tracepoint as "category:event". */
  tracepoints(): readonly string[];
  /** The text of CAT/EVENT/format, or undefined if there is none. */
  readFormat(category: string, event: string): string | undefined;
  /** Kernel BTF, or a loader called at most once, on first need. */
  btf?: Btf | (() => Btf | undefined);
  /** Kernel function symbols; defaults to the BTF's function names. */
  kernelFunctions?(): readonly string[];
  features: KernelFeatures;
  kernelRelease?: string;
  /** Debug info of uprobe targets (see KernelInfo.binaryTypes). */
  binaryTypes?(target: string): BinaryTypes | undefined;
}

export function createKernelInfo(sources: KernelInfoSources): KernelInfo {
  let tracepoints: readonly string[] | undefined;
  const formats = new Map<string, TracepointFormat | undefined>();
  let btf: Btf | undefined;
  let btfLoaded = typeof sources.btf !== 'function';
  if (btfLoaded) btf = sources.btf as Btf | undefined;
  let kernelFunctions: readonly string[] | undefined;

  const getBtf = (): Btf | undefined => {
    if (!btfLoaded) { btfLoaded = true; btf = (sources.btf as () => Btf | undefined)(); }
    return btf;
  };
  const typedef = (name: string): CType | undefined => getBtf()?.typedef(name);

  const info: KernelInfo = {
    // A getter: sources may detect features lazily.
    get features() { return sources.features; },
    tracepoints() {
      return (tracepoints ??= sources.tracepoints());
    },
    tracepointFormat(category, event) {
      const key = `${category}:${event}`;
      if (formats.has(key)) return formats.get(key);
      const text = sources.readFormat(category, event);
      // A format alone is enough: some events (ftrace:*) have formats but are not listed.
      const parsed = text === undefined ? undefined : parseTracepointFormat(text, category, event, { typedef });
      formats.set(key, parsed);
      return parsed;
    },
    record(name: string): RecordInfo | undefined { return getBtf()?.record(name); },
    typedef,
    enumValue(name: string): bigint | undefined { return getBtf()?.enumValue(name); },
    func(name: string): FuncProto | undefined { return getBtf()?.func(name); },
    kernelFunctions() {
      return (kernelFunctions ??= sources.kernelFunctions?.() ?? getBtf()?.funcNames() ?? []);
    },
  };
  if (sources.kernelRelease !== undefined) info.kernelRelease = sources.kernelRelease;
  if (sources.binaryTypes) info.binaryTypes = (target) => sources.binaryTypes!(target);
  return info;
}
