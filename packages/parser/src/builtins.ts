// Identifiers the parser turns into Builtin nodes (bpftrace 0.17's builtin variables).
// What each builtin means lives in typecheck's builtin table; this is only the lexicon.

const NAMES = new Set([
  'pid', 'tid', 'uid', 'gid', 'comm', 'nsecs', 'elapsed', 'cpu', 'probe', 'func', 'args',
  'retval', 'curtask', 'rand', 'cgroup', 'username', 'ctx', 'kstack', 'ustack', 'cpid',
  'numaid', 'jiffies', 'stack', '__probe',
]);

export function isBuiltinName(name: string): boolean {
  return NAMES.has(name) || /^s?arg[0-9]+$/.test(name);
}

/** Stack modes: bpftrace lexes these as a dedicated token (`kstack(perf, 3)`). */
export const STACK_MODES: ReadonlySet<string> = new Set(['bpftrace', 'perf', 'raw']);
