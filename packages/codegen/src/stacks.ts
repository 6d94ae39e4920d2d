// Stack traces: one BPF_MAP_TYPE_STACK_TRACE map per (kernel|user, depth);
// `kstack`/`ustack` evaluate to the id bpf_get_stackid returns (negative on
// failure), which the runtime resolves through the map named in
// Manifest.stackMaps. The print mode (`kstack(perf)`) travels in the layout
// (0.17 has only bpftrace and perf; `raw` is an unknown identifier there).

import type { Call, Expr, SizedType } from '@bpftrace-ts/parser';
import { DEFAULT_STACK_DEPTH } from '@bpftrace-ts/typecheck';
import type { ModuleCtx, ProbeCtx } from './context.js';
import { callHelper } from './helpers.js';
import { I64, Value } from './ir-builder.js';
import { i64 } from './ir-builder.js';
import type { ValueLayout } from './manifest.js';
import { BPF_MAP_TYPE, defineBpfMap, mapGlobalRef, zeroBuffer } from './maps.js';
import { storeAs } from './layout.js';
import { pidValue } from './builtins.js';

const BPF_F_USER_STACK = 1 << 8;
const STACK_MAP_ENTRIES = 4096;

export interface StackMapSpec { bpfName: string; kind: 'kernel' | 'user'; depth: number }

/** The layout of a kstack/ustack value from its type (the checker puts depth and mode there). */
export function stackLayoutOf(t: SizedType & { tag: 'special' }): ValueLayout {
  const depth = t.stack?.depth ?? DEFAULT_STACK_DEPTH;
  const mode = t.stack?.mode === 'perf' ? { mode: 'perf' as const } : {};
  return t.kind === 'kstack' ? { type: 'kstack', depth, ...mode } : { type: 'ustack', depth, pidOffset: 8, ...mode };
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
  const t = e.type;
  const user = t?.tag === 'special' && t.kind === 'ustack';
  const depth = (t?.tag === 'special' ? t.stack?.depth : undefined) ?? DEFAULT_STACK_DEPTH;
  const s = { kind: user ? 'user' as const : 'kernel' as const, depth };
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
