// Statement-level functions: the async events (printf, cat, system, time,
// exit, print, clear, zero, join, unwatch) written to the ring buffer, and the helpers
// run for effect (delete, signal, override, debugf).

import type { Call, Expr } from '@bpftrace-ts/parser';
import type { ProbeCtx } from './context.js';
import { emitRecord, emitSimple, recordLayout, withReserved, type RingOut } from './events.js';
import { probeAddrSpace } from './addrspace.js';
import { genExpr, layoutOfExpr } from './expressions.js';
import { callHelper } from './helpers.js';
import { checkHelperResult } from './helper-errors.js';
import { I64, I8P, Value, i64 } from './ir-builder.js';
import { genMapKey } from './mapaccess.js';
import { scriptMapRef } from './maps.js';
import { constString } from './strings.js';

/** bpftrace's join() limits (its join_argnum / join_argsize defaults). */
export const JOIN_ARG_COUNT = 16;
export const JOIN_ARG_SIZE = 1024;

/** Signal numbers signal("NAME") accepts (x86_64 Linux). */
const SIGNALS: Record<string, number> = {
  SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
  SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGSTKFLT: 16, SIGCHLD: 17,
  SIGCONT: 18, SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25,
  SIGVTALRM: 26, SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPWR: 30, SIGSYS: 31,
};

function mapArg(p: ProbeCtx, c: Call) {
  const a = c.args[0];
  if (a?.kind !== 'Map') return undefined;
  return p.m.maps.get(a.name);
}

const num = (e?: Expr) => (e?.kind === 'Integer' ? Number(e.value) : 0);
const strLit = (e: Expr | undefined, dflt: string) => (e?.kind === 'String' ? e.value : dflt);

export function genCallStmt(p: ProbeCtx, c: Call): void {
  const f = p.f;
  const rb: RingOut = { ringbuf: p.m.ringbuf, lost: p.m.lostEvents };
  switch (c.name) {
    case 'printf': case 'system': case 'cat': {
      // Fields are fixed-size values after the id (strings as their whole buffer).
      const args = c.args.slice(1);
      const { fields, size } = recordLayout(args.map((a) => layoutOfExpr(p, a)));
      const id = p.m.events.add({ kind: c.name, format: strLit(c.args[0], ''), fields });
      emitRecord(f, rb, id, fields, size, args.map((a) => () => genExpr(p, a)));
      return;
    }
    case 'time':
      emitSimple(f, rb, p.m.events.add({ kind: 'time', format: strLit(c.args[0], '%H:%M:%S\n') }));
      return;
    case 'exit':
      emitSimple(f, rb, p.m.events.add({ kind: 'exit' }));
      // Like bpftrace: nothing after exit() runs in this probe.
      f.ret(i64(0));
      return;
    case 'print': {
      const cg = mapArg(p, c);
      if (cg) {
        emitSimple(f, rb, p.m.events.add({ kind: 'print_map', map: cg.spec.name, top: num(c.args[1]), div: num(c.args[2]) }));
      } else if (c.args[0]) {
        // print(value): one field, rendered the way the value would print in a map.
        const { fields, size } = recordLayout([layoutOfExpr(p, c.args[0])]);
        const id = p.m.events.add({ kind: 'print_value', field: fields[0] });
        emitRecord(f, rb, id, fields, size, [() => genExpr(p, c.args[0])]);
      }
      return;
    }
    case 'clear': case 'zero': {
      const cg = mapArg(p, c);
      if (cg) emitSimple(f, rb, p.m.events.add({ kind: c.name, map: cg.spec.name }));
      return;
    }
    case 'delete': {
      const m = c.args[0];
      const cg = mapArg(p, c);
      if (!cg || m?.kind !== 'Map') return;
      // An aggregation without keys is one per-CPU array slot, which the kernel cannot delete:
      // bpftrace 0.17 prints such a map as 0 after delete(@), so zero it (on every CPU).
      if (cg.spec.bpfType === 'percpu_array') { emitSimple(f, rb, p.m.events.add({ kind: 'zero', map: cg.spec.name })); return; }
      const ret = callHelper(f, 'map_delete_elem', I64, [scriptMapRef(cg), genMapKey(p, m)]);
      checkHelperResult(p.m, f, 'map_delete_elem', ret, { range: c.range });
      return;
    }
    case 'join': return genJoin(p, c);
    case 'debugf': {
      // bpf_trace_printk(fmt, fmt_size, up to three args) writes to the kernel's trace buffer
      // (tracefs trace / trace_pipe), not to our output. Strings go as pointers to their buffers.
      const fmt = printkFormat(strLit(c.args[0], ''));
      const size = new TextEncoder().encode(fmt).length + 1;
      const args = c.args.slice(1).map((a) => genExpr(p, a));
      callHelper(f, 'trace_printk', I64, [constString(p, fmt, size), i64(size), ...args]);
      return;
    }
    case 'signal': {
      const a = c.args[0];
      const sig = a?.kind === 'String' ? i64(SIGNALS[a.value] ?? SIGNALS[`SIG${a.value}`] ?? 0) : genExpr(p, a);
      callHelper(f, 'send_signal', I64, [f.intResize(f.intResize(sig, 'i32', false), I64, false)]);
      return;
    }
    case 'unwatch': {
      // The runtime removes every watchpoint on the address (watchpoints.ts).
      const { fields, size } = recordLayout([{ type: 'int', size: 8, signed: false }]);
      const id = p.m.events.add({ kind: 'watchpoint_detach', addr: fields[0]! });
      emitRecord(f, rb, id, fields, size, [() => f.intResize(genExpr(p, c.args[0]), I64, false)]);
      return;
    }
    case 'override':
      // kprobes only (the checker says where); needs CONFIG_BPF_KPROBE_OVERRIDE at load time.
      callHelper(f, 'override_return', I64, [p.ctx, genExpr(p, c.args[0])]);
      return;
  }
  genExpr(p, c);
}

/**
 * debugf's format for bpf_trace_printk, whose %d, %u and %x take 32 bits: our integers are
 * 64 bits, so those become %lld, %llu, %llx (bpftrace 0.17 passes them as written and
 * prints 1<<40 as 0).
 */
export function printkFormat(fmt: string): string {
  return fmt.replace(/%%|%(-?[0-9]*(?:\.[0-9]+)?)(ll|l)?([a-zA-Z])/g, (m, width: string | undefined, len: string | undefined, conv: string | undefined) =>
    (m === '%%' || len || !conv || !'dux'.includes(conv) ? m : `%${width ?? ''}ll${conv}`));
}

/**
 * join(argv[, sep]): up to JOIN_ARG_COUNT strings read from a NULL-terminated
 * array of pointers, each in a JOIN_ARG_SIZE slot after the id; the first empty
 * slot ends the list. The record (16 KiB) is far over the 512-byte stack, so it
 * is reserved in the ring buffer and filled in place.
 */
function genJoin(p: ProbeCtx, c: Call): void {
  const f = p.f;
  const id = p.m.events.add({ kind: 'join', separator: strLit(c.args[1], ' '), argSize: JOIN_ARG_SIZE, argCount: JOIN_ARG_COUNT });
  const size = 8 + JOIN_ARG_COUNT * JOIN_ARG_SIZE;
  const argv = genExpr(p, c.args[0]);
  const user = probeAddrSpace(p) === 'user';
  withReserved(f, { ringbuf: p.m.ringbuf, lost: p.m.lostEvents }, size, (rec) => {
    const submit = f.newBlock('join_submit');
    f.store(i64(id), f.bytePtr(rec, 0, I64), 8);
    // Reserved memory is not zeroed: mark every slot empty first.
    for (let i = 0; i < JOIN_ARG_COUNT; i++) f.store({ type: 'i8', ref: '0' }, f.bytePtr(rec, 8 + i * JOIN_ARG_SIZE, 'i8'), 1);
    const ptrSlot = f.alloca(I64, 'joinarg', 8);
    for (let i = 0; i < JOIN_ARG_COUNT; i++) {
      f.store(i64(0), ptrSlot, 8);
      const at = f.bin('add', argv, i64(8 * i));
      callHelper(f, user ? 'probe_read_user' : 'probe_read_kernel', I64, [ptrSlot, i64(8), f.cast('inttoptr', at, I8P)]);
      const s = f.load(I64, ptrSlot, 8);
      const read = f.newBlock('joinarg');
      f.condBr(f.icmp('ne', s, i64(0)), read, submit);
      f.setBlock(read);
      const dst: Value = f.bytePtr(rec, 8 + i * JOIN_ARG_SIZE, 'i8');
      callHelper(f, user ? 'probe_read_user_str' : 'probe_read_kernel_str', I64, [dst, i64(JOIN_ARG_SIZE), f.cast('inttoptr', s, I8P)]);
    }
    f.br(submit);
    f.setBlock(submit);
  });
}


