// Watchpoints on function arguments, attached while the script runs (the BPF side is
// codegen's watchpoints.ts). A setup uprobe reports an address; a hardware breakpoint is
// then opened on it in the traced process with the clause's program attached, and the
// process, which the setup uprobe stopped unless the watchpoint is async, resumes.
// unwatch(addr) removes every breakpoint on the address. As in bpftrace 0.17, a
// watchpoint asked again for the address it last had is left as it is, and running out
// of debug registers is a message on the output, not the end of the run.
import type { WatchpointSpec } from '@bpftrace-ts/artifact';
import {
  attachPerfEvent, PERF_TYPE_BREAKPOINT, type PerfEventTarget, destroyAll, type Link, BpfError, ENOSPC, type BpfProgram,
} from '@bpftrace-ts/libbpf-ts';
import { OUT_OF_WATCHPOINTS } from './attach-errors.js';

export interface WatchpointHost {
  program(name: string): BpfProgram | undefined;
  /** The traced process (-c child, -p); without one, breakpoints watch every process. */
  pid?: number;
  /** Prints a message line of bpftrace's (it is given without the newline). */
  message(text: string): void;
  /** Opens the breakpoint (default attachPerfEvent); for tests. */
  attach?(prog: BpfProgram, target: PerfEventTarget): Link;
  /** Lets the stopped process go on (default SIGCONT); for tests. */
  resume?(pid: number): void;
}

/** The WatchpointControl events.ts calls. */
export interface WatchpointControl {
  attach(index: number, addr: bigint): void;
  detach(addr: bigint): void;
}

function sigcont(pid: number): void {
  try { process.kill(pid, 'SIGCONT'); } catch { /* gone: nothing to resume */ }
}

export class FunctionWatchpoints implements WatchpointControl {
  /** The address each watchpoint was last asked to watch. */
  private readonly asked = new Map<number, bigint>();
  private readonly active: { addr: bigint; link: Link }[] = [];
  private closed = false;

  constructor(private readonly specs: readonly WatchpointSpec[], private readonly host: WatchpointHost) {}

  /** Watchpoint `index`'s setup uprobe saw `addr`: watch it, then let the process go on. */
  attach(index: number, addr: bigint): void {
    const spec = this.specs[index];
    if (!spec) throw new BpfError(`Invalid watchpoint probe idx=${index}`);
    try {
      if (this.closed || this.asked.get(index) === addr) return;
      this.asked.set(index, addr);
      const prog = this.host.program(spec.program);
      if (!prog) throw new BpfError(`program ${spec.program} is missing from the BPF object`);
      const target: PerfEventTarget = {
        perfType: PERF_TYPE_BREAKPOINT, config: 0, period: 1, cpus: 'all', cookie: spec.cookie,
        name: `watchpoint:0x${addr.toString(16)}`, breakpoint: { ...spec.breakpoint, addr }, pid: this.host.pid,
      };
      try {
        this.active.push({ addr, link: (this.host.attach ?? attachPerfEvent)(prog, target) });
      } catch (e) {
        if (!(e instanceof BpfError && e.errno === ENOSPC)) throw e;
        this.host.message(OUT_OF_WATCHPOINTS);
      }
    } finally {
      if (!spec.async) this.resume();
    }
  }

  /** unwatch(addr): no breakpoint on `addr` any more (an address never watched is no error). */
  detach(addr: bigint): void {
    const gone = this.active.filter((a) => a.addr === addr);
    if (gone.length === 0) return;
    destroyAll(gone.map((a) => a.link));
    this.active.splice(0, this.active.length, ...this.active.filter((a) => a.addr !== addr));
  }

  /**
   * The end of the run: every breakpoint is detached (the links are handed over, to be
   * destroyed with the others), later reports only resume the process, and a process a
   * dropped report left stopped (records after exit() are not handled) is resumed.
   */
  close(): Link[] {
    this.closed = true;
    if (this.specs.some((s) => !s.async)) this.resume();
    return this.active.splice(0).map((a) => a.link);
  }

  private resume(): void {
    if (this.host.pid !== undefined && this.host.pid > 0) (this.host.resume ?? sigcont)(this.host.pid);
  }
}
