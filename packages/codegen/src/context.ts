// State shared while generating one module (ModuleCtx) and one program (ProbeCtx).

import type { Diagnostic, SizedType, SourceRange } from '@bpftrace-ts/parser';
import type { CheckedProbe, CheckedProgram, KernelInfo, ResolvedAttach } from '@bpftrace-ts/typecheck';
import type { DebugInfo } from './debuginfo.js';
import type { EventTable } from './events.js';
import type { Block, FunctionBuilder, ModuleBuilder, Value } from './ir-builder.js';
import type { CgMap } from './maps.js';
import type { ValueLayout, WatchpointSpec } from './manifest.js';
import type { StackMapSpec } from './stacks.js';
import type { AddrSpace } from './addrspace.js';

export interface CodegenOptions {
  /** Tracepoint formats and BTF records: needed for `args->field` and struct fields. */
  kernel?: KernelInfo;
  /** max_entries of keyed maps (bpftrace's default 4096). */
  mapMaxEntries?: number;
  /** Ring buffer size in bytes (power of 2, multiple of the page size). */
  ringbufSize?: number;
  /** Path of llc (default: $BPFTRACE_TS_LLC, else the newest /usr/lib/llvm-N/bin/llc installed; see llc.ts). */
  llc?: string;
  /**
   * uaddr(): the symbol's value in a user binary, resolved by the caller (the CLI
   * reads the ELF file with the runtime's reader); undefined when it has no such
   * symbol. Without a resolver every uaddr() fails to resolve.
   */
  userSymbol?: (binary: string, name: string) => bigint | undefined;
  /**
   * cgroupid("path"): the cgroup id (the directory's inode number on cgroup v2) of a
   * path, resolved at compile time by the caller (the CLI stats it); `error` is the
   * reason it failed (bpftrace's wording: "No such file or directory").
   */
  cgroupId?: (path: string) => bigint | { error: string };
  /**
   * -k (true or 1): report failed map updates as helper_error events; -kk (2): failed
   * reads of memory (probe_read*) too (see helper-errors.ts).
   */
  helperErrors?: boolean | 0 | 1 | 2;
  /** Integer `$N` read from globals a runner sets before load (param-globals.ts), for artifacts. */
  paramGlobals?: boolean;
  /** llc optimisation level (default 2). */
  optLevel?: 0 | 1 | 2 | 3;
}

export interface ModuleCtx {
  checked: CheckedProgram;
  options: CodegenOptions;
  mod: ModuleBuilder;
  di: DebugInfo;
  maps: Map<string, CgMap>;
  events: EventTable;
  ringbuf: Value;
  /** Per-CPU counter of records the full ring buffer dropped (events.ts countLost). */
  lostEvents: Value;
  /** Set while generating a lookup already reported with -kk (the re-read of `@x++`). */
  lookupReported?: boolean;
  /** The 1-entry array holding the BEGIN time for `elapsed`, when used. */
  elapsedMap?: Value;
  /** The 1-entry array the runtime fills with the -c child's pid (Manifest.cpidMap). */
  cpidMap?: Value;
  /** The all-zero value map (see maps.ts ZERO_MAP), when some hash value is too big for the stack. */
  zeroMap?: Value;
  /** libbpf's `__bpf_usdt_specs`, when there are usdt probes (usdt-args.ts). */
  usdtSpecs?: Value;
  diagnostics: Diagnostic[];
  /** Kernel symbols declared as `.ksyms` externs for kaddr() (calls.ts), by name. */
  ksyms?: Set<string>;
  /** Stack-trace maps defined so far (stacks.ts). */
  stackMaps: { spec: StackMapSpec; globalType: string }[];
  /** strftime() formats and cgroup_path() filters, indexed by the values (userspace-values.ts). */
  strftimeFormats: string[];
  cgroupPathFilters: string[];
  /** Watchpoints on function arguments (watchpoints.ts), indexed by their setup events. */
  watchpoints: WatchpointSpec[];
  /** Positional parameters read from globals so far (param-globals.ts). */
  paramGlobals: Set<number>;
}

export interface VarSlot {
  slot: Value;
  layout: ValueLayout;
  type: SizedType;
  /** Where a pointer held here points (addrspace.ts), from the first assignment. */
  addrSpace?: AddrSpace;
}

export interface ProbeCtx {
  m: ModuleCtx;
  f: FunctionBuilder;
  /** The program's context argument (a pointer). */
  ctx: Value;
  probe: CheckedProbe;
  /** The attach points this program serves (one when per attach point). */
  attach: ResolvedAttach[];
  /** Probe id (index into probeNames) of attach[0]; with several attach points the cookie says which. */
  firstId: number;
  vars: Map<string, VarSlot>;
  loops: { brk: Block; cont: Block }[];
}

export function unsupported(m: ModuleCtx, what: string, range?: SourceRange): void {
  m.diagnostics.push({ severity: 'error', code: 'codegen/unsupported', message: `${what} is not supported by the code generator yet`, range });
}
