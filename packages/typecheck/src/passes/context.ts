// State shared by the semantic passes while walking one program: diagnostics (only
// kept on the final pass), map types by first use, per-probe variables, loop depth.
import { error, warning, type AttachPoint, type Diagnostic, type SizedType, type SourceRange, type AggKind } from '@bpftrace-ts/parser';
import type { ProbeType, ResolvedAttach, MapInfo } from '../checked.js';
import type { KernelInfo } from '../kernel/kernel-info.js';
import type { HeaderOptions, ScriptEnv } from '../cdefs/script-kernel.js';
import { DEFAULT_STRLEN } from '../sized.js';

export interface CheckOptions {
  params: string[];
  unsafe?: boolean;
  file?: string;
  /** Whether the program runs with a -c command (cpid needs one); undefined when not known, as in lint. */
  hasChild?: boolean;
  /**
   * Size of a data symbol in a uprobe target as written (uaddr() points at an int of
   * that size, as in bpftrace 0.17). Given by a caller that can read files; without
   * it (lint) uaddr() points at a 64-bit int.
   */
  userSymbolSize?: (target: string, name: string) => number | undefined;
  /** Where `#include`d headers come from, and --include headers (see cdefs/headers.ts). */
  headers?: HeaderOptions;
  /** BPFTRACE_STRLEN: the size of str() results (bytes, the NUL included); default 64. */
  strlen?: number;
}

export class Context {
  readonly diagnostics: Diagnostic[] = [];
  /** Map types settled on this pass. */
  readonly maps = new Map<string, MapInfo>();
  /** Variables of the probe being checked. */
  vars = new Map<string, SizedType>();
  /** Variables whose first assignment had no type (an error was reported there): reads stay quiet. */
  poisoned = new Set<string>();
  loopDepth = 0;
  /** Attach points of the probe being checked. */
  attach: ResolvedAttach[] = [];
  /** The same, as the script writes them (for their ranges). */
  attachPoints: readonly AttachPoint[] = [];
  probeTypes: ProbeType[] = [];
  /** Set when the current probe reads per-attach-point layout (`args`). */
  usesArgs = false;
  /** Set when the current probe reads the `probe` builtin (bpftrace then expands its attach points). */
  usesProbe = false;
  /** Depth of str() calls around the expression being checked (for `$1` in str($1)). */
  inStr = 0;
  /** Range of the call whose arguments are being checked: bpftrace reports unknown names in arguments there. */
  argRange: SourceRange | undefined;
  /** Checking an argument bpftrace never puts in BPF (printf's format, cgroupid's path): any length. */
  anyStringLength = false;
  /** Inside a #define expansion (its macros are expanded already: what is left is a name). */
  macroDepth = 0;

  /** The size of str() results (BPFTRACE_STRLEN). */
  get strlen(): number {
    return this.opts.strlen ?? DEFAULT_STRLEN;
  }

  constructor(
    readonly kernel: KernelInfo,
    readonly opts: CheckOptions,
    /** Map types from the previous pass: reads may precede the assignment in the text. */
    readonly knownMaps: ReadonlyMap<string, MapInfo>,
    readonly final: boolean,
    /** The script's macros, constants and own C types (kernel above already includes its types). */
    readonly env?: ScriptEnv,
  ) {}

  error(code: string, message: string, range?: SourceRange): void {
    this.report(error(code, message, range));
  }

  warning(code: string, message: string, range?: SourceRange): void {
    this.report(warning(code, message, range));
  }

  private report(d: Diagnostic): void {
    if (!this.final) return;
    if (this.opts.file !== undefined) d.file = this.opts.file;
    this.diagnostics.push(d);
  }

  /** Name of the probe type for "(%s used here)"-style messages, as bpftrace names it. */
  probeKindName(): string {
    const set = new Set(this.probeTypes);
    if (set.size !== 1) return 'invalid';
    const [t] = set;
    return t === 'BEGIN' || t === 'END' ? 'special' : t!;
  }

  /** The map's type as far as known: this pass's first, else the previous pass's. */
  mapInfo(name: string): MapInfo | undefined {
    return this.maps.get(name) ?? this.knownMaps.get(name);
  }

  setMap(name: string, info: MapInfo): void {
    this.maps.set(name, info);
  }

  aggOf(name: string): AggKind | undefined {
    return this.mapInfo(name)?.agg;
  }
}
