// The type checker's output: what codegen compiles. The AST's expressions carry
// their `type`; everything resolved about probes and maps is here.

import type { Program, Probe, SizedType, AggKind } from '@bpftrace-ts/parser';

export type ProbeType =
  | 'BEGIN' | 'END'
  | 'kprobe' | 'kretprobe' | 'uprobe' | 'uretprobe' | 'usdt'
  | 'tracepoint' | 'rawtracepoint'
  | 'profile' | 'interval' | 'software' | 'hardware'
  | 'watchpoint' | 'asyncwatchpoint' | 'kfunc' | 'kretfunc' | 'iter';

/** One concrete attach point after alias resolution and wildcard expansion. */
export interface ResolvedAttach {
  probeType: ProbeType;
  /** Canonical name as bpftrace prints it for `probe`: "tracepoint:syscalls:sys_enter_read". */
  name: string;
  /** uprobe/usdt binary path (resolved), tracepoint category. */
  target?: string;
  /** Function/symbol, tracepoint event, usdt probe, software/hardware event name. */
  func?: string;
  /** usdt namespace. */
  ns?: string;
  /** kprobe/uprobe +offset or address. */
  offset?: number;
  address?: number;
  /** profile/interval unit and value; software/hardware count. */
  unit?: 'hz' | 's' | 'ms' | 'us';
  freq?: number;
  /** watchpoint/asyncwatchpoint: bytes watched (1, 2, 4, 8) and mode (letters of r, w, x, sorted). */
  len?: number;
  mode?: string;
  /** watchpoint on a function argument (`func+argN`): N; `func` is the function. */
  argNum?: number;
}

export interface CheckedProbe {
  probe: Probe;
  index: number;
  attach: ResolvedAttach[];
  /**
   * True when the body reads something laid out per attach point (e.g. `args->field`
   * of a tracepoint): then codegen emits one program per attach point. Otherwise one
   * program serves them all and the attach cookie tells which fired.
   */
  perAttachPoint: boolean;
  /**
   * Each variable's type over the whole probe (additive): a string variable at the
   * longest string assigned to it anywhere, so its slot holds every assignment.
   */
  vars?: Map<string, SizedType>;
}

export interface MapInfo {
  name: string;
  keyTypes: SizedType[];
  value: SizedType;
  agg?: AggKind;
  /** lhist(min, max, step) constants. */
  lhist?: { min: number; max: number; step: number };
}

export interface CheckedProgram {
  ast: Program;
  probes: CheckedProbe[];
  maps: Map<string, MapInfo>;
  /** Positional parameters as given on the command line. */
  params: string[];
}
