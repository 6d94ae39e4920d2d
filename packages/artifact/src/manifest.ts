// The manifest: plain JSON that travels with the BPF object (inside it, in a single-file
// artifact: see artifact.ts). Object + manifest is everything the runtime needs; it never
// re-reads the script. Its shape is checked on read by schema.ts (one check per field here).
//
// Conventions shared by codegen (writer) and runtime (reader):
// - All integers little-endian (this is x86_64/arm64 BPF).
// - One ring buffer map named by `ringbuf`; every record starts with a u64 event id
//   (an index into `events`), followed by that event's fields at their offsets.
// - Aggregations live in per-CPU maps; the runtime reads every CPU's value and
//   combines them as `MapSpec.kind` says (see ValueLayout below).
import type { ARTIFACT_FORMAT, ARTIFACT_VERSION } from './version.js';

/** A place in the script (the parser's SourceRange, structurally: this package depends on nothing). */
export interface SourcePosition { line: number; column: number; offset: number }
export interface SourceRange { start: SourcePosition; end: SourcePosition }

/** How one scalar or composite value is laid out and rendered. */
export type ValueLayout =
  | { type: 'int'; size: 1 | 2 | 4 | 8; signed: boolean }
  | { type: 'string'; size: number }
  | { type: 'probe' }                      // u64 probe index into Manifest.probeNames
  | { type: 'ksym' }
  /** u64 address; with `pidOffset` (codegen uses 8) a u64 pid follows, for resolving through /proc/PID/maps. */
  | { type: 'usym'; pidOffset?: number }
  /** `mode` (additive): how it prints, bpftrace's `kstack(perf)`; absent = 'bpftrace'. */
  | { type: 'kstack'; depth: number; mode?: 'bpftrace' | 'perf' }
  /** With `pidOffset` (codegen uses 8): `{u64 stackId; u64 pid}`, the pid for symbolising via /proc/PID/maps. */
  | { type: 'ustack'; depth: number; pidOffset?: number; mode?: 'bpftrace' | 'perf' }
  | { type: 'username' }                   // u64 uid
  | { type: 'inet'; size: number }
  /** macaddr(): 6 bytes, printed `AA:BB:CC:DD:EE:FF`. */
  | { type: 'mac_address' }
  /** strftime(): `{u64 index into Manifest.strftimeFormats; u64 nsecs since boot}` (16 bytes). Additive. */
  | { type: 'timestamp' }
  /** cgroup_path(): `{u64 index into Manifest.cgroupPathFilters; u64 cgroup id}` (16 bytes). Additive. */
  | { type: 'cgroup_path' }
  /** strerror(): a u64 errno, printed as the C library's text for it. Additive. */
  | { type: 'strerror' }
  | { type: 'buffer'; size: number }
  | { type: 'tuple'; size: number; fields: { offset: number; layout: ValueLayout }[] }
  /**
   * A struct/union value (additive): members by name, printed `{ .m = 1, .n = 2 }`. A bitfield
   * member's int is read at `offset` and shifted right by `bits.offset`, masked to `bits.size`.
   */
  | { type: 'record'; size: number; align: number; fields: { name: string; offset: number; layout: ValueLayout; bits?: { offset: number; size: number } }[] }
  /** A C array value (additive): `count` elements of `elem`, printed `[1,2,3]`. */
  | { type: 'array'; size: number; count: number; elem: ValueLayout }
  | { type: 'none' };

export function layoutSize(l: ValueLayout): number {
  switch (l.type) {
    case 'int': return l.size;
    case 'string': case 'inet': case 'buffer': case 'tuple': case 'record': case 'array': return l.size;
    case 'mac_address': return 6;
    case 'timestamp': case 'cgroup_path': return 16;
    case 'kstack': return 8;
    case 'ustack': return l.pidOffset !== undefined ? l.pidOffset + 8 : 8;
    case 'usym': return l.pidOffset !== undefined ? l.pidOffset + 8 : 8;
    case 'none': return 0;
    default: return 8;
  }
}

/**
 * Value encodings by kind (per CPU, then combined by the runtime):
 * - count, sum:     one i64/u64; combined by adding.
 * - min, max:       { i64 value; u64 isSet } (16 bytes); combined over CPUs where isSet.
 * - avg, stats:     { i64 total; u64 count } (16 bytes); combined by adding both.
 * - hist:           u64[hist.buckets] counts; bucket layout as bpftrace's log2 hist.
 * - lhist:          u64[lhist.buckets] counts; [<min], then one per step, then [>=max].
 * - value:          a plain value (`@x = expr`): not per-CPU; the layout is `value`.
 */
export type MapKind = 'count' | 'sum' | 'min' | 'max' | 'avg' | 'stats' | 'hist' | 'lhist' | 'value';

export interface MapSpec {
  /** Script name with '@': "@opens", "@". */
  name: string;
  /** Name of the BPF map in the object (valid C identifier). */
  bpfName: string;
  kind: MapKind;
  /** BPF map type: 'percpu_array' | 'percpu_hash' | 'hash' | 'array'. */
  bpfType: 'percpu_array' | 'percpu_hash' | 'hash' | 'array';
  /** Key fields in order; empty for a map with no key (then the BPF key is a u32 0). */
  keys: { offset: number; layout: ValueLayout }[];
  keySize: number;
  /** For kind 'value' the value's layout; for aggregations, whether the aggregated values are signed. */
  value: ValueLayout;
  valueSize: number;
  maxEntries: number;
  hist?: { buckets: number };
  lhist?: { min: number; max: number; step: number; buckets: number };
}

/** One argument of a printf-like event. */
export interface EventField {
  offset: number;
  layout: ValueLayout;
}

export type EventSpec =
  | { kind: 'printf'; format: string; fields: EventField[] }
  | { kind: 'system'; format: string; fields: EventField[] }
  | { kind: 'cat'; format: string; fields: EventField[] }
  | { kind: 'time'; format: string }
  | { kind: 'exit' }
  | { kind: 'print_map'; map: string; top: number; div: number }
  | { kind: 'print_value'; field: EventField }
  | { kind: 'clear'; map: string }
  | { kind: 'zero'; map: string }
  | { kind: 'join'; separator: string; argSize: number; argCount: number }
  /**
   * -k: a helper call failed; the record carries its i64 return value at `field`. Additive.
   * `range` is the site; `equals` marks a `@m[k] = v` site, whose bpftrace range is the `=`
   * (with what touches it on the left), found in the source by the CLI. The CLI fills
   * `where` (`stdin:1:25-30`) and `context` (source line and `~~~` underline) from the source.
   */
  | { kind: 'helper_error'; helper: string; field: EventField; range: SourceRange; equals?: boolean; where?: string; context?: string }
  /**
   * A function watchpoint's setup uprobe saw the argument's value: watch that address
   * with `Manifest.watchpoints[watchpoint]` (u64 at `addr`). Additive.
   */
  | { kind: 'watchpoint_attach'; watchpoint: number; addr: EventField }
  /** unwatch(addr): remove every watchpoint on the address (u64 at `addr`). Additive. */
  | { kind: 'watchpoint_detach'; addr: EventField };

/**
 * A watchpoint on a function's argument (`watchpoint:func+argN:len:mode`), attached while
 * the script runs: its setup uprobe (an ordinary uprobe program with its own AttachSpec)
 * sends the address as a `watchpoint_attach` event, and the runtime then opens a hardware
 * breakpoint on it in the traced process with `program` attached. Unless `async`, the setup
 * uprobe stops the process (SIGSTOP) and the runtime resumes it (SIGCONT) once the
 * breakpoint is in place, so no access is missed. Additive.
 */
export interface WatchpointSpec {
  /** The clause's program (section "perf_event"), attached to each breakpoint. */
  program: string;
  /** Probe id (attach cookie) of the attach point. */
  cookie: number;
  /** HW_BREAKPOINT_R (1) / W (2) / X (4) bits, and the bytes watched. */
  breakpoint: { type: number; len: number };
  async: boolean;
}

export type AttachSpec =
  | { type: 'begin' }
  | { type: 'end' }
  | { type: 'tracepoint'; category: string; event: string; cookie: number }
  | { type: 'uprobe'; binary: string; symbol?: string; offset: number; retprobe: boolean; pid?: number; cookie: number }
  /** locations: call sites of the probe in the binary (bpftrace counts each as a probe); filled in on the host. */
  | { type: 'usdt'; binary: string; provider: string; name: string; pid?: number; cookie: number; locations?: number }
  | { type: 'kprobe'; func: string; offset: number; retprobe: boolean; cookie: number }
  /** kfunc/kretfunc: an fentry/fexit program (section `fentry/FUNC`, `fexit/FUNC`). Additive. */
  | { type: 'kfunc'; func: string; retprobe: boolean; cookie: number }
  /**
   * rawtracepoint: a raw tracepoint (section `raw_tp/EVENT`), context = the tracepoint's
   * arguments as u64s. The kernel keeps no cookie for these: one program per attach point. Additive.
   */
  | { type: 'raw_tracepoint'; event: string; cookie: number }
  /** iter: a BPF iterator (section `iter/TARGET`); its output is what the program writes. Additive. */
  | { type: 'iter'; target: string; cookie: number }
  /**
   * profile, interval, software, hardware: a perf event. `cpus` is 'all' for
   * profile/software/hardware and 'one' for interval (fires once per period, not once per CPU).
   */
  | {
      type: 'perf_event';
      perfType: number;          // PERF_TYPE_SOFTWARE = 1, PERF_TYPE_HARDWARE = 0
      config: number;
      period?: number;           // sample_period
      freq?: number;             // sample_freq (sets attr.freq)
      cpus: 'all' | 'one';
      cookie: number;
      /**
       * watchpoint (perfType PERF_TYPE_BREAKPOINT = 5): what to watch. `type` is the
       * HW_BREAKPOINT_R (1) / W (2) / X (4) bits, `len` the bytes watched. Additive.
       */
      breakpoint?: { type: number; addr: number; len: number };
      /** watchpoint: the one process to watch (-c/-p), set by the runtime. Additive. */
      pid?: number;
    };

export interface ProgramSpec {
  /** ELF function (= BPF program) name. */
  name: string;
  /** ELF section, e.g. "tracepoint/syscalls/sys_enter_openat", "raw_tp/begin", "perf_event". */
  section: string;
  /** The probe (clause) this program implements, index into the script's probes. */
  probeIndex: number;
  attach: AttachSpec[];
}

export interface Manifest {
  /** What this JSON is: readers refuse anything else. */
  format: typeof ARTIFACT_FORMAT;
  /** The format's major version: a reader refuses a newer one (see version.ts for the rule). */
  version: typeof ARTIFACT_VERSION;
  programs: ProgramSpec[];
  maps: MapSpec[];
  events: EventSpec[];
  /** BPF name of the ring buffer map for async events. */
  ringbuf: string;
  /** Attach cookie / probe id -> canonical probe name (what the `probe` builtin prints). */
  probeNames: string[];
  /**
   * Stack-trace maps (BPF_MAP_TYPE_STACK_TRACE, u32 key, u64[depth] of addresses) that
   * `kstack`/`ustack` values (stack ids, layout kstack/ustack) index into, one per kind
   * and depth: look a value up in the map whose kind and depth match its layout.
   * Absent when the script takes no stacks. (Added after version 1 shipped; additive.)
   */
  stackMaps?: { bpfName: string; kind: 'kernel' | 'user'; depth: number }[];
  /**
   * `cpid`: BPF name of a 1-entry array map (u32 key 0, u64 value) the runtime fills with
   * the -c child's pid before releasing it. Absent when the script doesn't use cpid. (Additive.)
   */
  cpidMap?: string;
  /** strftime() formats, indexed by `timestamp` values. Absent when unused. (Additive.) */
  strftimeFormats?: string[];
  /** cgroup_path() hierarchy filters (bpftrace wildcards, "*" by default), indexed by `cgroup_path` values. (Additive.) */
  cgroupPathFilters?: string[];
  /**
   * BPF name of a 1-entry per-CPU array (u32 key 0, u64 value) counting records the full
   * ring buffer had no room for; the runtime reports increases as "Lost N events". (Additive.)
   */
  lostEventsMap?: string;
  /**
   * The positional parameters ($1..$N) the program was compiled with: their values are baked
   * into the code, so a runner must be given the same ones. Absent: none were given.
   */
  params?: string[];
  /**
   * Integer parameters the code reads from `.rodata` globals (an i64 each, at the symbol):
   * a runner may give other integers for these, written into the object before load.
   * The others in `params` are compiled in and must be given unchanged. Absent: none.
   */
  paramGlobals?: { index: number; symbol: string }[];
  /** Watchpoints on function arguments, indexed by `watchpoint_attach` events. Absent when none. (Additive.) */
  watchpoints?: WatchpointSpec[];
}
