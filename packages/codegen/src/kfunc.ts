// kfunc/kretfunc (fentry/fexit programs) and iter probes. A trampoline program's
// context is the traced function's arguments as an array of u64, the return
// value after them (fexit); `args->name` is the parameter's slot, found by name in
// the function's BTF prototype (KernelInfo.func). Plain context loads: the
// verifier allows them for tracing programs, no probe_read needed.

import type { FieldAccess } from '@bpftrace-ts/parser';
import type { ResolvedAttach } from '@bpftrace-ts/typecheck';
import type { ProbeCtx } from './context.js';
import { typeOf } from './expressions.js';
import { I64, Value, i64 } from './ir-builder.js';
import { layoutOf } from './layout.js';
import type { AttachSpec } from './manifest.js';

export const isTrampoline = (t: string | undefined): boolean => t === 'kfunc' || t === 'kretfunc';

/** `fentry/FUNC`, `fexit/FUNC` (libbpf finds FUNC's BTF id, in vmlinux or a module), `iter/TARGET`. */
export function trampolineSection(a: ResolvedAttach): string | undefined {
  if (a.probeType === 'kfunc') return `fentry/${a.func}`;
  if (a.probeType === 'kretfunc') return `fexit/${a.func}`;
  if (a.probeType === 'iter') return `iter/${a.func}`;
  return undefined;
}

export function trampolineAttach(a: ResolvedAttach, cookie: number): AttachSpec | undefined {
  if (isTrampoline(a.probeType)) return { type: 'kfunc', func: a.func ?? '', retprobe: a.probeType === 'kretfunc', cookie };
  if (a.probeType === 'iter') return { type: 'iter', target: a.func ?? '', cookie };
  return undefined;
}

function slot(p: ProbeCtx, index: number): Value {
  return p.f.load(I64, p.f.bytePtr(p.ctx, index * 8, I64), 8);
}

function params(p: ProbeCtx): { name: string }[] | undefined {
  const fn = p.attach[0]?.func;
  return fn ? p.m.options.kernel?.func?.(fn)?.params : undefined;
}

/** Narrow a u64 slot to the checker's type (sign-extending signed ints). */
function asType(p: ProbeCtx, v: Value, bits: number, signed: boolean): Value {
  if (bits >= 64) return v;
  return p.f.intResize(p.f.intResize(v, `i${bits}`, false), I64, signed);
}

/** `args->name` in kfunc/kretfunc; undefined when this is no trampoline probe or no such parameter. */
export function genTrampolineArg(p: ProbeCtx, e: FieldAccess): Value | undefined {
  if (!isTrampoline(p.attach[0]?.probeType)) return undefined;
  const index = params(p)?.findIndex((x) => x.name === e.field) ?? -1;
  if (index < 0) return undefined;
  const l = layoutOf(typeOf(p, e));
  const v = slot(p, index);
  return l.type === 'int' ? asType(p, v, l.size * 8, l.signed) : v;
}

/** `retval` in kretfunc: the slot after the parameters. */
export function genTrampolineRetval(p: ProbeCtx): Value | undefined {
  if (p.attach[0]?.probeType !== 'kretfunc') return undefined;
  const ps = params(p);
  return ps ? slot(p, ps.length) : i64(0);
}
