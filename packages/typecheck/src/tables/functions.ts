// The function table (bpftrace 0.17): arity, argument kinds, return type, whether
// it runs asynchronously in user space, whether it needs --unsafe, and where it
// may be used. The call checker, codegen (async event kinds) and -l/docs read it.
import type { SizedType, AggKind, Expr, StackShape } from '@bpftrace-ts/parser';
import type { ProbeType } from '../checked.js';
import { U64, VOID, str, special, int, DEFAULT_STACK_DEPTH, stackType } from '../sized.js';
import { sizeOf } from '../passes/ctypes.js';

/**
 * How an argument is checked:
 *  int: any integer expression; intLit: a constant integer; strLit: a string literal;
 *  string: a string expression; map: a map (with or without keys); stack: kstack/ustack
 *  mode identifier or limit; any: anything with a value.
 */
export type ArgKind = 'int' | 'intLit' | 'strLit' | 'string' | 'map' | 'stack' | 'any';

export interface FunctionInfo {
  name: string;
  minArgs: number;
  maxArgs: number;
  /** Kind of each argument; the last one repeats for variadic functions. */
  args: readonly ArgKind[];
  /**
   * Result type given the (already typed) arguments, their constant values, the string size
   * (BPFTRACE_STRLEN) and the arguments themselves.
   */
  returns: (types: readonly SizedType[], consts: readonly (bigint | undefined)[], strlen: number, args: readonly Expr[]) => SizedType;
  /** Runs in user space via an async event (printf, system, exit, print, ...). */
  async: boolean;
  unsafe: boolean;
  /** An aggregation: only as the whole right-hand side of a map assignment. */
  agg?: AggKind;
  /** Probe types it may be used in. */
  allowed?: readonly ProbeType[];
  /** Probe types it may not be used in. */
  forbidden?: readonly ProbeType[];
  /** bpftrace's wording for a use outside `allowed`/inside `forbidden`; %s = probe type. */
  restriction?: string;
  /** Kernel feature it needs, with bpftrace's wording when missing. */
  needs?: { feature: 'fentry'; message: string };
  description: string;
}

const v = () => VOID;
const u = () => U64;
const NO_CONTEXT: readonly ProbeType[] = ['BEGIN', 'END', 'interval', 'profile', 'software', 'hardware'];

const aggr = (name: AggKind, args: readonly ArgKind[], description: string): FunctionInfo => ({
  name, minArgs: args.length, maxArgs: args.length, args, async: false, unsafe: false, agg: name,
  returns: () => ({ tag: 'agg', agg: name, signed: true }), description,
});

export const FUNCTIONS: readonly FunctionInfo[] = [
  { name: 'printf', minArgs: 1, maxArgs: 64, args: ['strLit', 'any'], returns: v, async: true, unsafe: false,
    description: 'print formatted' },
  { name: 'debugf', minArgs: 1, maxArgs: 128, args: ['strLit', 'any'], returns: v, async: false, unsafe: false,
    description: 'print formatted to the kernel trace pipe (bpf_trace_printk)' },
  { name: 'time', minArgs: 0, maxArgs: 1, args: ['strLit'], returns: v, async: true, unsafe: false,
    description: 'print the current time' },
  { name: 'join', minArgs: 1, maxArgs: 2, args: ['any', 'strLit'], returns: v, async: true, unsafe: false,
    description: 'print an array of strings joined by a delimiter' },
  { name: 'str', minArgs: 1, maxArgs: 2, args: ['any', 'int'], returns: (_a, _c, strlen) => str(strlen), async: false, unsafe: false,
    description: 'string from a pointer' },
  { name: 'buf', minArgs: 1, maxArgs: 2, args: ['any', 'int'], async: false, unsafe: false,
    // Without a length an array gives its own bytes (anything else is an error). Lengths beyond
    // the string size (negative ones too, as unsigned) are shortened to it, as in bpftrace.
    returns: (a, c, strlen) => {
      const n = c[1] ?? (a[0]?.tag === 'array' ? BigInt(sizeOf(a[0])) : BigInt(strlen));
      return special('buffer', (n < 0n || n > BigInt(strlen) ? strlen : Number(n)) + 1);
    },
    description: 'buffer from a pointer (hex-printed)' },
  { name: 'ksym', minArgs: 1, maxArgs: 1, args: ['int'], returns: () => special('ksym'), async: false, unsafe: false,
    description: 'resolve a kernel address' },
  { name: 'usym', minArgs: 1, maxArgs: 1, args: ['int'], returns: () => special('usym', 16), async: false, unsafe: false,
    description: 'resolve a user address' },
  { name: 'kaddr', minArgs: 1, maxArgs: 1, args: ['strLit'], returns: u, async: false, unsafe: false,
    description: 'address of a kernel symbol' },
  { name: 'uaddr', minArgs: 1, maxArgs: 1, args: ['strLit'], returns: u, async: false, unsafe: false,
    allowed: ['uprobe', 'uretprobe', 'usdt'], restriction: 'uaddr can not be used with "%s" probes',
    description: 'address of a user symbol' },
  { name: 'reg', minArgs: 1, maxArgs: 1, args: ['strLit'], returns: u, async: false, unsafe: false,
    forbidden: [...NO_CONTEXT, 'tracepoint', 'rawtracepoint', 'kfunc', 'kretfunc', 'iter'],
    restriction: 'reg can not be used with "%s" probes', description: 'value of a register' },
  { name: 'ntop', minArgs: 1, maxArgs: 2, args: ['any', 'any'], returns: () => special('inet', 24), async: false, unsafe: false,
    description: 'IP address to text' },
  { name: 'pton', minArgs: 1, maxArgs: 1, args: ['strLit'], async: false, unsafe: false,
    returns: () => ({ tag: 'array', elem: int(8, false), count: 4 }), description: 'text IP address to bytes' },
  { name: 'kstack', minArgs: 0, maxArgs: 2, args: ['stack', 'stack'], returns: (_t, c, _s, a) => stackType('kstack', ...stackArgs(c, a)), async: false, unsafe: false,
    description: 'kernel stack trace' },
  { name: 'ustack', minArgs: 0, maxArgs: 2, args: ['stack', 'stack'], returns: (_t, c, _s, a) => stackType('ustack', ...stackArgs(c, a)), async: false, unsafe: false,
    description: 'user stack trace' },
  { name: 'cat', minArgs: 1, maxArgs: 64, args: ['strLit', 'any'], returns: v, async: true, unsafe: false,
    description: 'print a file' },
  { name: 'system', minArgs: 1, maxArgs: 64, args: ['strLit', 'any'], returns: v, async: true, unsafe: true,
    description: 'run a shell command' },
  { name: 'exit', minArgs: 0, maxArgs: 0, args: [], returns: v, async: true, unsafe: false,
    description: 'quit bpftrace' },
  { name: 'cgroupid', minArgs: 1, maxArgs: 1, args: ['strLit'], returns: u, async: false, unsafe: false,
    description: 'cgroup id of a path' },
  { name: 'cgroup_path', minArgs: 1, maxArgs: 2, args: ['int', 'strLit'], returns: () => special('cgroup_path'), async: false, unsafe: false,
    description: 'cgroup path of an id' },
  { name: 'signal', minArgs: 1, maxArgs: 1, args: ['any'], returns: v, async: false, unsafe: true,
    forbidden: NO_CONTEXT, restriction: 'signal can not be used with "%s" probes', description: 'send a signal to the current process' },
  { name: 'override', minArgs: 1, maxArgs: 1, args: ['int'], returns: v, async: false, unsafe: true,
    allowed: ['kprobe'], restriction: 'override can only be used with kprobes.', description: 'override a kernel function return value' },
  { name: 'strncmp', minArgs: 3, maxArgs: 3, args: ['any', 'any', 'intLit'], returns: u, async: false, unsafe: false,
    description: 'compare the first n characters of two strings' },
  { name: 'strcontains', minArgs: 2, maxArgs: 2, args: ['string', 'string'], returns: u, async: false, unsafe: false,
    description: 'whether a string contains another' },
  { name: 'print', minArgs: 1, maxArgs: 3, args: ['any', 'int', 'int'], returns: v, async: true, unsafe: false,
    description: 'print a map or a value' },
  { name: 'clear', minArgs: 1, maxArgs: 1, args: ['map'], returns: v, async: true, unsafe: false,
    description: 'delete all keys of a map' },
  { name: 'zero', minArgs: 1, maxArgs: 1, args: ['map'], returns: v, async: true, unsafe: false,
    description: 'set all values of a map to zero' },
  { name: 'delete', minArgs: 1, maxArgs: 1, args: ['map'], returns: v, async: false, unsafe: false,
    description: 'delete a map element' },
  aggr('count', [], 'count events'),
  aggr('sum', ['int'], 'sum a value'),
  aggr('avg', ['int'], 'average a value'),
  aggr('min', ['int'], 'minimum of a value'),
  aggr('max', ['int'], 'maximum of a value'),
  aggr('stats', ['int'], 'count, average and total of a value'),
  aggr('hist', ['int'], 'power-of-2 histogram'),
  aggr('lhist', ['int', 'intLit', 'intLit', 'intLit'], 'linear histogram'),
  { name: 'macaddr', minArgs: 1, maxArgs: 1, args: ['any'], returns: () => special('mac_address', 6), async: false, unsafe: false,
    description: 'MAC address to text' },
  { name: 'strftime', minArgs: 2, maxArgs: 2, args: ['strLit', 'int'], returns: () => special('timestamp', 16), async: false, unsafe: false,
    description: 'format a timestamp' },
  { name: 'path', minArgs: 1, maxArgs: 1, args: ['any'], returns: (_a, _c, strlen) => str(strlen), async: false, unsafe: false,
    allowed: ['kfunc', 'kretfunc', 'iter'], restriction: "The path function can only be used with 'kfunc', 'kretfunc', 'iter' probes",
    needs: { feature: 'fentry', message: 'BPF_FUNC_d_path not available for your kernel version' },
    description: 'full path of a struct path' },
  { name: 'unwatch', minArgs: 1, maxArgs: 1, args: ['int'], returns: v, async: true, unsafe: false,
    description: 'remove a watchpoint' },
  { name: 'skboutput', minArgs: 4, maxArgs: 4, args: ['strLit', 'any', 'int', 'int'], returns: () => int(32, false), async: false, unsafe: false,
    needs: { feature: 'fentry', message: 'BPF_FUNC_skb_output is not available for your kernel version' },
    description: 'write a skb to a pcap file' },
  { name: 'bswap', minArgs: 1, maxArgs: 1, args: ['int'], async: false, unsafe: false,
    returns: (a) => (a[0]?.tag === 'int' ? int(a[0].bits, false) : U64), description: 'reverse byte order' },
  { name: 'strerror', minArgs: 1, maxArgs: 1, args: ['int'], returns: () => special('strerror'), async: false, unsafe: false,
    description: 'errno to text' },
  { name: 'kptr', minArgs: 1, maxArgs: 1, args: ['any'], returns: (a) => a[0] ?? U64, async: false, unsafe: false,
    description: 'mark a pointer as kernel memory' },
  { name: 'uptr', minArgs: 1, maxArgs: 1, args: ['any'], returns: (a) => a[0] ?? U64, async: false, unsafe: false,
    description: 'mark a pointer as user memory' },
];

const BY_NAME = new Map(FUNCTIONS.map((f) => [f.name, f]));

export function lookupFunction(name: string): FunctionInfo | undefined {
  return BY_NAME.get(name);
}

/** Whether the named function returns no value (printf, exit, clear, ...). */
export function isVoidFunction(name: string): boolean {
  return BY_NAME.get(name)?.returns === v;
}

/** Registers reg() accepts on x86_64 (pt_regs members, bpftrace's names). */
export const X86_64_REGISTERS: readonly string[] = [
  'r15', 'r14', 'r13', 'r12', 'bp', 'bx', 'r11', 'r10', 'r9', 'r8', 'ax', 'cx', 'dx', 'si', 'di',
  'orig_ax', 'ip', 'cs', 'flags', 'sp', 'ss',
];

/** kstack()/ustack() arguments, in either order: the `perf`/`bpftrace` mode and the frame limit. */
function stackArgs(consts: readonly (bigint | undefined)[], args: readonly Expr[]): [number, StackShape['mode']] {
  const limit = consts.find((c) => c !== undefined);
  const perf = args.some((a) => a.kind === 'Identifier' && a.name === 'perf');
  return [limit === undefined ? DEFAULT_STACK_DEPTH : Number(limit), perf ? 'perf' : 'bpftrace'];
}
