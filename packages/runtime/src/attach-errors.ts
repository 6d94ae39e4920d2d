// libbpf-ts's errors in bpftrace 0.17's words: the runtime's messages are bpftrace's,
// the library's are its own. Kind, errno, log and subject are kept.
import type { AttachSpec } from '@bpftrace-ts/artifact';
import { BpfError } from '@bpftrace-ts/libbpf-ts';

/** bpftrace 0.17's words when the debug registers are all taken. */
export const OUT_OF_WATCHPOINTS = 'Failed to attach watchpoint probe. You are out of watchpoint registers.';

const ENOSPC = 28;
const EINVAL = 22;

const reworded = (e: BpfError, message: string) => new BpfError(message, e.errno, e.log, e.kind, e.subject);

/** A load failure: a missing `.ksyms` extern (kaddr()) is reported as bpftrace does, at compile time. */
export function loadError(e: unknown): unknown {
  if (e instanceof BpfError && e.kind === 'unresolved-kernel-symbol') {
    return reworded(e, `Failed to compile: Failed to resolve kernel symbol: ${e.subject}`);
  }
  return e;
}

/** The attach point as bpftrace names it in "Error attaching probe: '...'". */
function probeName(spec: AttachSpec, e: BpfError): string {
  switch (spec.type) {
    case 'kfunc': return `${spec.retprobe ? 'kretfunc' : 'kfunc'}:${spec.func}`;
    case 'raw_tracepoint': return `rawtracepoint:${spec.event}`;
    default: return e.subject ?? spec.type;
  }
}

/** An attach failure of `spec` in bpftrace's words (errors it does not word pass unchanged). */
export function attachError(spec: AttachSpec, e: unknown): unknown {
  if (!(e instanceof BpfError)) return e;
  if (spec.type === 'perf_event' && spec.breakpoint && e.errno === ENOSPC) return reworded(e, OUT_OF_WATCHPOINTS);
  if (e.kind !== 'attach') return e;
  const name = probeName(spec, e);
  if (spec.type === 'raw_tracepoint' && e.errno === EINVAL) {
    return reworded(e, `Error attaching probe: '${name}': the program reads more arguments than ${spec.event} has`);
  }
  return reworded(e, `Error attaching probe: '${name}'`);
}
