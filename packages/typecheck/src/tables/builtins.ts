// The builtin-variable table (bpftrace 0.17): each builtin's type and the probe
// types it may appear in, with bpftrace's wording when it appears elsewhere.
// `args` is typed by the args pass (it depends on the tracepoint); arg0..N and
// sarg0..N are matched by pattern (see lookupBuiltin).
import type { SizedType } from '@bpftrace-ts/parser';
import type { ProbeType } from '../checked.js';
import { U64, I64, str, special, stackType } from '../sized.js';

export interface BuiltinInfo {
  name: string;
  /** Type given the probe types of the enclosing probe. */
  type: (probeTypes: readonly ProbeType[]) => SizedType;
  /** Probe types it may be used in; undefined = everywhere. */
  allowed?: readonly ProbeType[];
  /** Probe types it may NOT be used in (checked when `allowed` is undefined). */
  forbidden?: readonly ProbeType[];
  /** bpftrace's message for a use outside `allowed`; `%s` = the probe type name. */
  restriction?: string;
  description: string;
}

const fixed = (t: SizedType) => () => t;
const UPROBES: readonly ProbeType[] = ['uprobe', 'uretprobe', 'usdt'];

const isUser = (pts: readonly ProbeType[]) => pts.length > 0 && pts.every((p) => UPROBES.includes(p));

export const BUILTINS: readonly BuiltinInfo[] = [
  { name: 'pid', type: fixed(U64), description: 'process id (tgid)' },
  { name: 'tid', type: fixed(U64), description: 'thread id' },
  { name: 'uid', type: fixed(U64), description: 'user id' },
  { name: 'gid', type: fixed(U64), description: 'group id' },
  { name: 'nsecs', type: fixed(U64), description: 'timestamp in nanoseconds' },
  { name: 'elapsed', type: fixed(U64), description: 'nanoseconds since bpftrace started' },
  { name: 'numaid', type: fixed(U64), description: 'NUMA node id' },
  { name: 'cpu', type: fixed(U64), description: 'processor id' },
  { name: 'rand', type: fixed(U64), description: 'random number' },
  { name: 'cgroup', type: fixed(U64), description: 'cgroup id of the current process' },
  { name: 'cpid', type: fixed(U64), description: 'child pid (with -c)' },
  { name: 'comm', type: fixed(str(16)), description: 'process name' },
  { name: 'kstack', type: fixed(stackType('kstack')), description: 'kernel stack trace' },
  { name: 'ustack', type: fixed(stackType('ustack')), description: 'user stack trace' },
  { name: 'username', type: fixed(special('username')), description: 'user name' },
  { name: 'probe', type: fixed(special('probe')), description: 'full name of the probe' },
  { name: 'curtask', type: fixed({ tag: 'pointer', to: { tag: 'record', name: 'struct task_struct', size: 0 } }),
    description: 'current task_struct' },
  { name: 'ctx', type: fixed({ tag: 'pointer', to: { tag: 'none' }, ctx: true }), description: 'probe context' },
  { name: 'func', type: (pts) => special(isUser(pts) ? 'usym' : 'ksym'),
    forbidden: ['BEGIN', 'END', 'interval', 'profile', 'software', 'hardware', 'tracepoint', 'rawtracepoint', 'watchpoint', 'asyncwatchpoint', 'iter'],
    restriction: "The func builtin can not be used with '%s' probes",
    description: 'name of the traced function' },
  { name: 'retval', type: (pts) => (pts.every((p) => p === 'kretfunc') ? I64 : U64),
    allowed: ['kretprobe', 'uretprobe', 'kfunc', 'kretfunc'],
    restriction: "The retval builtin can only be used with 'kretprobe' and 'uretprobe' and 'kfunc' probes",
    description: 'return value of the traced function' },
  { name: 'args', type: fixed({ tag: 'none' }),
    allowed: ['tracepoint', 'kfunc', 'kretfunc', 'uprobe', 'uretprobe'],
    restriction: 'The args builtin can only be used with tracepoint/kfunc/uprobeprobes (%s used here)',
    description: 'tracepoint/function arguments as a struct' },
];

const ARGN: Omit<BuiltinInfo, 'name'> = {
  type: fixed(U64), allowed: ['kprobe', 'uprobe', 'usdt', 'rawtracepoint'],
  restriction: "The %n builtin can only be used with 'kprobes', 'uprobes' and 'usdt' probes",
  description: 'nth function argument',
};
const SARGN: Omit<BuiltinInfo, 'name'> = {
  type: fixed(U64), allowed: ['kprobe', 'uprobe', 'rawtracepoint'],
  restriction: "The %n builtin can only be used with 'kprobes' and 'uprobes' probes",
  description: 'nth stack argument',
};

const BY_NAME = new Map(BUILTINS.map((b) => [b.name, b]));

export function lookupBuiltin(name: string): BuiltinInfo | undefined {
  const found = BY_NAME.get(name);
  if (found) return found;
  if (/^arg[0-9]+$/.test(name)) return { name, ...ARGN };
  if (/^sarg[0-9]+$/.test(name)) return { name, ...SARGN };
  return undefined;
}

/** Whether `name` is usable in a probe of the given types. */
export function builtinAllowed(b: BuiltinInfo, pt: ProbeType): boolean {
  if (b.allowed) return b.allowed.includes(pt);
  if (b.forbidden) return !b.forbidden.includes(pt);
  return true;
}
