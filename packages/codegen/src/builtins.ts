// Builtin values (pid, comm, nsecs, args->field, arg0, retval, probe, ...).
// Scalars come back as i64, strings as a pointer to a zeroed stack buffer.

import { genTrampolineRetval } from './kfunc.js';
import type { Builtin } from '@bpftrace-ts/parser';
import type { ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { callHelper, ktimeNs, lower32, pidTgid, uidGid, upper32 } from './helpers.js';
import { I64, I8P, Value, i64 } from './ir-builder.js';
import { genUsym } from './calls.js';
import { typeOf } from './expressions.js';
import { zeroBuffer, zeroKey } from './maps.js';
import { genStack } from './stacks.js';
import { genUsdtArg, genUsdtCookie } from './usdt-args.js';

/** x86_64 struct pt_regs offsets (kprobe/uprobe/perf_event contexts), also what reg("name") reads. */
export const PT_REGS: Record<string, number> = {
  r15: 0, r14: 8, r13: 16, r12: 24, bp: 32, bx: 40, r11: 48, r10: 56, r9: 64, r8: 72, ax: 80, cx: 88,
  dx: 96, si: 104, di: 112, orig_ax: 120, ip: 128, cs: 136, flags: 144, sp: 152, ss: 160,
};
/** Registers of the first six arguments (x86_64 SysV), as pt_regs offsets. */
export const ARG_REGS = [PT_REGS.di, PT_REGS.si, PT_REGS.dx, PT_REGS.cx, PT_REGS.r8, PT_REGS.r9];

export const COMM_SIZE = 16;

/** The current process id (tgid). */
export function pidValue(f: ProbeCtx['f']): Value {
  return upper32(f, pidTgid(f));
}

function regLoad(p: ProbeCtx, offset: number): Value {
  return p.f.load(I64, p.f.bytePtr(p.ctx, offset, I64), 8);
}

/**
 * The u64 in entry 0 of a one-entry map the runtime fills (elapsed's start time,
 * cpid), passed through `use`; 0 when the lookup finds nothing.
 */
function loadSlotZero(p: ProbeCtx, map: Value, label: string, use: (v: Value) => Value): Value {
  const f = p.f;
  const slot = callHelper(f, 'map_lookup_elem', I8P, [map, zeroKey(f)]);
  const have = f.newBlock(label);
  const join = f.newBlock(`${label}_done`);
  const before = f.current;
  f.condBr(f.icmp('ne', slot, { type: I8P, ref: 'null' }), have, join);
  f.setBlock(have);
  const result = use(f.load(I64, f.bytePtr(slot, 0, I64), 8));
  f.br(join);
  f.setBlock(join);
  return f.phi(I64, [[i64(0), before], [result, have]]);
}

/** The running probe's id: a constant, or the attach cookie when one program serves several attach points. */
export function probeId(p: ProbeCtx): Value {
  if (p.attach.length <= 1) return i64(p.firstId);
  // libbpf keeps a USDT link's attach cookie for its spec id; ours is the spec's usdt_cookie.
  if (p.attach[0].probeType === 'usdt') return genUsdtCookie(p);
  return callHelper(p.f, 'get_attach_cookie', I64, [p.ctx]);
}

/** The u64 at sp + 8 * (index + 1): stack slot `index` above the return address. */
function stackSlot(p: ProbeCtx, index: number): Value {
  const f = p.f;
  const sp = regLoad(p, PT_REGS.sp);
  const slot = f.alloca(I64, 'stackarg', 8);
  f.store(i64(0), slot, 8);
  const addr = f.bin('add', sp, i64(8 * (index + 1)));
  const helper = p.attach[0]!.probeType.startsWith('u') ? 'probe_read_user' : 'probe_read_kernel';
  callHelper(f, helper, I64, [slot, i64(8), f.cast('inttoptr', addr, I8P)]);
  return f.load(I64, slot, 8);
}

/** The calling convention's integer argument `n` at function entry: a register, then the stack. */
export function argumentValue(p: ProbeCtx, n: number): Value {
  if (n < ARG_REGS.length) return regLoad(p, ARG_REGS[n]!);
  // Further arguments are on the stack, above the return address.
  return stackSlot(p, n - ARG_REGS.length);
}

/** True for probe types whose context is a struct pt_regs. */
function hasRegs(p: ProbeCtx): boolean {
  const t = p.attach[0]?.probeType;
  return t === 'kprobe' || t === 'kretprobe' || t === 'uprobe' || t === 'uretprobe' || t === 'usdt' || t === 'profile';
}

export function genBuiltin(p: ProbeCtx, e: Builtin): Value {
  const f = p.f;
  const name = e.name;
  switch (name) {
    case 'pid': return pidValue(f);
    case 'tid': return lower32(f, pidTgid(f));
    case 'uid': case 'username': return lower32(f, uidGid(f));
    case 'gid': return upper32(f, uidGid(f));
    case 'nsecs': return ktimeNs(f);
    case 'cpu': return f.cast('zext', callHelper(f, 'get_smp_processor_id', 'i32', []), I64);
    case 'probe': return probeId(p);
    case 'comm': {
      const buf = zeroBuffer(f, COMM_SIZE, 'comm');
      callHelper(f, 'get_current_comm', I64, [buf, i64(COMM_SIZE)]);
      return buf;
    }
    case 'elapsed': {
      const map = p.m.elapsedMap;
      if (!map) return i64(0);
      const now = ktimeNs(f);
      return loadSlotZero(p, map, 'elapsed', (start) => f.bin('sub', now, start));
    }
    case 'retval':
      if (hasRegs(p)) return regLoad(p, PT_REGS.ax);
      return genTrampolineRetval(p) ?? i64(0);
    case 'func': {
      // kprobes: the traced function's address (regs->ip is past the breakpoint there).
      const t = p.attach[0]?.probeType;
      if (t === 'kprobe' || t === 'kfunc' || t === 'kretfunc') return callHelper(f, 'get_func_ip', I64, [p.ctx]);
      if (hasRegs(p)) return t?.startsWith('u') ? genUsym(p, regLoad(p, PT_REGS.ip), typeOf(p, e)) : regLoad(p, PT_REGS.ip);
      break;
    }
    case 'ctx':
      return f.cast('ptrtoint', p.ctx, I64);
    case 'cgroup': return callHelper(f, 'get_current_cgroup_id', I64, []);
    case 'curtask': return callHelper(f, 'get_current_task', I64, []);
    case 'numaid': return f.cast('zext', callHelper(f, 'get_numa_node_id', 'i64', []), I64);
    case 'rand': return f.cast('zext', callHelper(f, 'get_prandom_u32', 'i32', []), I64);
    case 'kstack': case 'ustack': return genStack(p, e);
    case 'cpid': {
      // The runtime writes the child's pid into this map before the child runs; 0 without -c.
      const map = p.m.cpidMap;
      if (!map) return i64(0);
      return loadSlotZero(p, map, 'cpid', (pid) => pid);
    }
    default: {
      const m = /^arg(\d+)$/.exec(name);
      if (m && p.attach[0]?.probeType === 'usdt') return genUsdtArg(p, Number(m[1]));
      // Raw tracepoints: the context is the tracepoint's arguments, one u64 each.
      if (m && p.attach[0]?.probeType === 'rawtracepoint') return regLoad(p, 8 * Number(m[1]));
      if (m && hasRegs(p)) return argumentValue(p, Number(m[1]));
      // sargN: the N-th 8-byte slot of the stack above the return address, as bpftrace reads it.
      const s = /^sarg(\d+)$/.exec(name);
      if (s && hasRegs(p)) return stackSlot(p, Number(s[1]));
    }
  }
  unsupported(p.m, `builtin '${name}' in ${p.attach[0]?.probeType ?? 'this'} probes`, e.range);
  return i64(0);
}
