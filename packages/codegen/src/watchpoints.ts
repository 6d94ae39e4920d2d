// Watchpoints. An address watchpoint (`watchpoint:0x1000:8:w`) is a perf breakpoint
// event attached like any perf event. A watchpoint on a function's argument
// (`watchpoint:func+argN:len:mode`) learns its address only when `func` runs: a setup
// uprobe on `func` reports the argument's value in a `watchpoint_attach` event and the
// runtime then opens the breakpoint in the traced process, with the clause's program
// attached (Manifest.watchpoints). Unless the watchpoint is async, the setup uprobe first
// stops the process (SIGSTOP: delivered before `func`'s body runs), and the runtime
// resumes it once the breakpoint is in place, so the function's own accesses are seen.
import type { CheckedProbe, ResolvedAttach } from '@bpftrace-ts/typecheck';
import type { ModuleCtx } from './context.js';
import { ARG_REGS } from './builtins.js';
import { emitRecord, recordLayout } from './events.js';
import { callHelper } from './helpers.js';
import { FunctionBuilder, I64, I8P, i64 } from './ir-builder.js';
import type { AttachSpec, ProgramSpec } from './manifest.js';

const PERF_TYPE_BREAKPOINT = 5;
const HW_BREAKPOINT_R = 1, HW_BREAKPOINT_W = 2, HW_BREAKPOINT_X = 4;
const SIGSTOP = 19;

/** perf_event_attr.bp_type for a mode such as "rw". */
function breakpointType(mode: string): number {
  return (mode.includes('r') ? HW_BREAKPOINT_R : 0) | (mode.includes('w') ? HW_BREAKPOINT_W : 0) | (mode.includes('x') ? HW_BREAKPOINT_X : 0);
}

/** `watchpoint:func+argN:...` / `asyncwatchpoint:...`: attached while the script runs, not up front. */
export function isFunctionWatchpoint(a: ResolvedAttach): boolean {
  return (a.probeType === 'watchpoint' || a.probeType === 'asyncwatchpoint') && a.func !== undefined;
}

/**
 * The address watchpoint's AttachSpec: every access is an event (sample_period 1), on every
 * CPU (the runtime narrows it to the traced process with -c/-p).
 */
export function addressWatchpointAttach(a: ResolvedAttach, cookie: number): AttachSpec {
  return { type: 'perf_event', perfType: PERF_TYPE_BREAKPOINT, config: 0, period: 1, cpus: 'all', cookie,
    breakpoint: { type: breakpointType(a.mode ?? 'w'), addr: a.address ?? 0, len: a.len ?? 8 } };
}

/**
 * Register the function watchpoint `a` (probe id `id`) of `program`, and generate its
 * setup uprobe: a program of its own on `a.func` in the traced binary (`a.target`).
 */
export function genWatchpointSetup(m: ModuleCtx, probe: CheckedProbe, a: ResolvedAttach, id: number, program: string): ProgramSpec {
  const async = a.probeType === 'asyncwatchpoint';
  const index = m.watchpoints.push({ program, cookie: id, breakpoint: { type: breakpointType(a.mode ?? 'w'), len: a.len ?? 8 }, async }) - 1;
  const name = `${program}_wpsetup${index}`;
  const f = new FunctionBuilder(name, I64, [{ name: 'ctx', type: I8P }], 'uprobe', m.di.subprogram(name));
  // bpf_send_signal signals the whole process; it stops on its way back to user space.
  if (!async) callHelper(f, 'send_signal', I64, [i64(SIGSTOP)]);
  const { fields, size } = recordLayout([{ type: 'int', size: 8, signed: false }]);
  const event = m.events.add({ kind: 'watchpoint_attach', watchpoint: index, addr: fields[0]! });
  const reg = ARG_REGS[a.argNum ?? 0]!;
  emitRecord(f, { ringbuf: m.ringbuf, lost: m.lostEvents }, event, fields, size,
    [() => f.load(I64, f.bytePtr(f.param(0), reg, I64), 8)]);
  f.ret(i64(0));
  m.mod.addFunction(f);
  const attach: AttachSpec = { type: 'uprobe', binary: a.target ?? '', symbol: a.func, offset: 0, retprobe: false, cookie: id };
  return { name, section: 'uprobe', probeIndex: probe.index, attach: [attach] };
}
