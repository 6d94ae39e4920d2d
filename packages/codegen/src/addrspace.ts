// Which address space a pointer expression points into, as bpftrace 0.17 decides
// (the AS(user)/AS(kernel) of its `-d ast` dump): the probe's builtins point into
// user memory in uprobes/usdt and `syscalls` tracepoints, kernel memory elsewhere;
// `curtask` and `kptr()` are kernel, `uptr()` user; casts, arithmetic, member and
// element access keep their operand's space; a variable keeps its first value's.
// The reads (`*p`, `p->f`, str, buf, macaddr) pick probe_read_user/_kernel from it.
// Where the probe says nothing (BEGIN/END, interval, profile, software, hardware,
// watchpoints: bpftrace's AddrSpace::none) they use probe_read/probe_read_str, which
// read user memory below TASK_SIZE and kernel memory above it, as bpftrace 0.17 does.

import type { Expr } from '@bpftrace-ts/parser';
import type { ProbeCtx } from './context.js';

export type AddrSpace = 'user' | 'kernel' | 'none';

const NO_ADDRSPACE = new Set(['BEGIN', 'END', 'interval', 'profile', 'software', 'hardware', 'watchpoint', 'asyncwatchpoint']);

/** The space of the probe's own pointers (args, argN, retval, reg(), ...). */
export function probeAddrSpace(p: ProbeCtx): AddrSpace {
  const a = p.attach[0];
  if (!a) return 'kernel';
  if (a.probeType === 'uprobe' || a.probeType === 'uretprobe' || a.probeType === 'usdt') return 'user';
  if (NO_ADDRSPACE.has(a.probeType)) return 'none';
  return a.probeType === 'tracepoint' && a.target === 'syscalls' ? 'user' : 'kernel';
}

export function addrSpaceOf(p: ProbeCtx, e: Expr): AddrSpace {
  // A loop down the operand chain (it can be thousands deep: `****p`, `a->b->c...`).
  for (;;) {
    switch (e.kind) {
      case 'Call':
        if (e.name === 'kptr') return 'kernel';
        if (e.name === 'uptr') return 'user';
        return probeAddrSpace(p);
      case 'Builtin': return e.name === 'curtask' ? 'kernel' : probeAddrSpace(p);
      case 'Variable': return p.vars.get(e.name)?.addrSpace ?? probeAddrSpace(p);
      case 'Cast': e = e.expr; break;
      case 'Unary': e = e.operand; break;
      case 'FieldAccess': case 'ArrayAccess': e = e.expr; break;
      case 'Binary': {
        // Pointer arithmetic: the pointer side's space (`4 + p` as `p + 4`).
        const rightIsPtr = e.right.type?.tag === 'pointer' && e.left.type?.tag !== 'pointer';
        e = rightIsPtr ? e.right : e.left;
        break;
      }
      case 'Ternary': e = e.then; break;
      default: return probeAddrSpace(p);
    }
  }
}

/** probe_read_user or probe_read_kernel for reading through `e`. */
export function readHelperFor(p: ProbeCtx, e: Expr, str = false):
  'probe_read_user' | 'probe_read_kernel' | 'probe_read' | 'probe_read_user_str' | 'probe_read_kernel_str' | 'probe_read_str' {
  const space = addrSpaceOf(p, e);
  if (space === 'none') return str ? 'probe_read_str' : 'probe_read';
  if (str) return space === 'user' ? 'probe_read_user_str' : 'probe_read_kernel_str';
  return space === 'user' ? 'probe_read_user' : 'probe_read_kernel';
}
