// The probe-type table: every probe type bpftrace 0.17 knows, with its aliases,
// the shapes of its attach point, and whether wildcards are allowed. Probe
// expansion, the builtin/function checks, the CLI's -l listing and the docs read it.
import type { ProbeType } from '../checked.js';

export interface ProbeTypeInfo {
  type: ProbeType;
  /** Names a script may write as the provider, canonical first. */
  names: readonly string[];
  /** Attach point forms after the provider, for help text and -l. */
  forms: readonly string[];
  /** Allowed counts of ':'-separated parts after the provider. */
  arity: readonly number[];
  /** Whether `*` may appear (watchpoints: in the function of `func+argN` only, matched in the traced binary). */
  wildcards: boolean;
  /** True for probes whose context is a pt_regs (arg0..N, reg()). */
  regs: boolean;
  description: string;
}

export const PROBE_TYPES: readonly ProbeTypeInfo[] = [
  { type: 'BEGIN', names: ['BEGIN', 'begin'], forms: ['BEGIN'], arity: [0], wildcards: false, regs: false,
    description: 'fires once, before all other probes' },
  { type: 'END', names: ['END', 'end'], forms: ['END'], arity: [0], wildcards: false, regs: false,
    description: 'fires once, when the program exits' },
  { type: 'kprobe', names: ['kprobe', 'k'], forms: ['kprobe:func', 'kprobe:func+offset'],
    arity: [1], wildcards: true, regs: true, description: 'kernel function entry' },
  { type: 'kretprobe', names: ['kretprobe', 'kr'], forms: ['kretprobe:func'],
    arity: [1], wildcards: true, regs: true, description: 'kernel function return' },
  { type: 'uprobe', names: ['uprobe', 'u'], forms: ['uprobe:binary:func', 'uprobe:binary:func+offset', 'uprobe:binary:address'],
    arity: [2, 3], wildcards: true, regs: true, description: 'user function entry' },
  { type: 'uretprobe', names: ['uretprobe', 'ur'], forms: ['uretprobe:binary:func', 'uretprobe:binary:address'],
    arity: [2, 3], wildcards: true, regs: true, description: 'user function return' },
  { type: 'usdt', names: ['usdt', 'U'], forms: ['usdt:binary:probe', 'usdt:binary:namespace:probe'],
    arity: [2, 3], wildcards: true, regs: true, description: 'user statically defined tracing' },
  { type: 'tracepoint', names: ['tracepoint', 't'], forms: ['tracepoint:category:event'],
    arity: [2], wildcards: true, regs: false, description: 'kernel static tracepoint' },
  { type: 'rawtracepoint', names: ['rawtracepoint', 'rt'], forms: ['rawtracepoint:event'],
    arity: [1], wildcards: true, regs: false, description: 'kernel raw tracepoint' },
  { type: 'profile', names: ['profile', 'p'], forms: ['profile:hz:rate', 'profile:s:rate', 'profile:ms:rate', 'profile:us:rate'],
    arity: [2], wildcards: false, regs: true, description: 'timed sampling on all CPUs' },
  { type: 'interval', names: ['interval', 'i'], forms: ['interval:s:rate', 'interval:ms:rate', 'interval:us:rate', 'interval:hz:rate'],
    arity: [2], wildcards: false, regs: true, description: 'timed output on one CPU' },
  { type: 'software', names: ['software', 's'], forms: ['software:event', 'software:event:count'],
    arity: [1, 2], wildcards: false, regs: true, description: 'kernel software events' },
  { type: 'hardware', names: ['hardware', 'h'], forms: ['hardware:event', 'hardware:event:count'],
    arity: [1, 2], wildcards: false, regs: true, description: 'processor hardware events' },
  { type: 'watchpoint', names: ['watchpoint', 'w'], forms: ['watchpoint:address:length:mode', 'watchpoint:func+argN:length:mode'],
    arity: [3], wildcards: true, regs: true, description: 'memory watchpoint' },
  { type: 'asyncwatchpoint', names: ['asyncwatchpoint', 'aw'], forms: ['asyncwatchpoint:func+argN:length:mode'],
    arity: [3], wildcards: true, regs: true, description: 'asynchronous memory watchpoint' },
  { type: 'kfunc', names: ['kfunc', 'f', 'fentry'], forms: ['kfunc:func', 'kfunc:module:func'],
    arity: [1, 2], wildcards: true, regs: false, description: 'kernel function entry (BTF trampoline)' },
  { type: 'kretfunc', names: ['kretfunc', 'fr', 'fexit'], forms: ['kretfunc:func', 'kretfunc:module:func'],
    arity: [1, 2], wildcards: true, regs: false, description: 'kernel function return (BTF trampoline)' },
  { type: 'iter', names: ['iter', 'it'], forms: ['iter:task', 'iter:task_file', 'iter:task_vma'],
    arity: [1], wildcards: false, regs: false, description: 'BPF iterator' },
];

const BY_NAME = new Map<string, ProbeTypeInfo>();
for (const p of PROBE_TYPES) for (const n of p.names) BY_NAME.set(n, p);

/** Resolve a provider as written ("t", "kr", "BEGIN") to its table entry. */
export function lookupProbeType(provider: string): ProbeTypeInfo | undefined {
  return BY_NAME.get(provider);
}

export function probeTypeInfo(type: ProbeType): ProbeTypeInfo {
  return PROBE_TYPES.find((p) => p.type === type)!;
}

/** Time units accepted by profile/interval, as nanoseconds per unit (hz handled apart). */
export const TIME_UNITS = ['hz', 's', 'ms', 'us'] as const;
