// Stack traces: one BPF_MAP_TYPE_STACK_TRACE map per (kernel|user, depth);
// `kstack`/`ustack` evaluate to the id bpf_get_stackid returns (negative on
// failure), which the runtime resolves through the map named in
// Manifest.stackMaps. The print mode (`kstack(perf)`) travels in the layout
// (0.17 has only bpftrace and perf; `raw` is an unknown identifier there).

import type { Call, Expr } from '@bpftrace-ts/parser';
import type { ModuleCtx, ProbeCtx } from './context.js';
import { callHelper } from './helpers.js';
import { I64, Value } from './ir-builder.js';
import { i64 } from './ir-builder.js';
import type { ValueLayout } from './manifest.js';
import { BPF_MAP_TYPE, defineBpfMap, mapGlobalRef, zeroBuffer } from './maps.js';
import { storeAs } from './layout.js';
import { pidValue } from './builtins.js';

/** bpftrace's default depth; also the kernel's default perf_event_max_stack. */
export const DEFAULT_STACK_DEPTH = 127;
const BPF_F_USER_STACK = 1 << 8;
const STACK_MAP_ENTRIES = 4096;

export interface StackMapSpec { bpfName: string; kind: 'kernel' | 'user'; depth: number }

/** Kind and depth of a `kstack`/`ustack` builtin or call (`kstack(perf, 5)`, `ustack(3)`). */
export function stackShape(e: Expr): { kind: 'kernel' | 'user'; depth: number; mode?: 'perf' } | undefined {
  const name = e.kind === 'Builtin' || e.kind === 'Call' ? e.name : '';
  if (name !== 'kstack' && name !== 'ustack') return undefined;
  const args = e.kind === 'Call' ? e.args : [];
  const lit = args.find((a) => a.kind === 'Integer');
  const depth = lit?.kind === 'Integer' ? Math.min(Math.max(1, Number(lit.value)), DEFAULT_STACK_DEPTH) : DEFAULT_STACK_DEPTH;
  const perf = args.some((a) => a.kind === 'Identifier' && a.name === 'perf');
  return { kind: name === 'kstack' ? 'kernel' : 'user', depth, ...(perf ? { mode: 'perf' as const } : {}) };
}

export function stackLayout(e: Expr): ValueLayout | undefined {
  const s = stackShape(e);
  if (!s) return undefined;
  const mode = s.mode ? { mode: s.mode } : {};
  return s.kind === 'kernel' ? { type: 'kstack', depth: s.depth, ...mode } : { type: 'ustack', depth: s.depth, pidOffset: 8, ...mode };
}

/** The stack map for `kind`/`depth`, defined on first use. */
function stackMap(m: ModuleCtx, kind: 'kernel' | 'user', depth: number): Value {
  const bpfName = `stack_${kind === 'kernel' ? 'k' : 'u'}_${depth}`;
  let found = m.stackMaps.find((s) => s.spec.bpfName === bpfName);
  if (!found) {
    const globalType = defineBpfMap(m.mod, m.di, bpfName, BPF_MAP_TYPE.stack_trace, STACK_MAP_ENTRIES, 'u32', depth * 8);
    found = { spec: { bpfName, kind, depth }, globalType };
    m.stackMaps.push(found);
  }
  return mapGlobalRef({ globalType: found.globalType, bpfName });
}

/** The stack id of the current kernel or user stack. */
export function genStack(p: ProbeCtx, e: Expr | Call): Value {
  const s = stackShape(e) ?? { kind: 'kernel' as const, depth: DEFAULT_STACK_DEPTH };
  const map = stackMap(p.m, s.kind, s.depth);
  const flags = s.kind === 'user' ? BPF_F_USER_STACK : 0;
  const id = callHelper(p.f, 'get_stackid', I64, [p.ctx, map, i64(flags)]);
  // The helper returns a long; keep negative errors as they are (the runtime prints nothing for them).
  if (s.kind === 'kernel') return id;
  // User stacks carry the pid beside the id: the runtime symbolises through /proc/PID/maps.
  const buf = zeroBuffer(p.f, 16, 'ustack');
  storeAs(p.f, buf, 0, id, { type: 'int', size: 8, signed: true });
  storeAs(p.f, buf, 8, pidValue(p.f), { type: 'int', size: 8, signed: false });
  return buf;
}
