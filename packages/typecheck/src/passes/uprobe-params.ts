// uprobe `args->name`: the traced function's parameter, typed by the binary's debug info
// (KernelInfo.binaryTypes, DWARF read by the host). A wildcard function (`uprobe:bin:f*`)
// stands for every function of the binary's debug info it matches.
import { NONE, type FieldAccess, type SizedType } from '@bpftrace-ts/parser';
import type { ResolvedAttach } from '../checked.js';
import type { FuncProto } from '../kernel/kernel-info.js';
import type { Context } from './context.js';
import { ctypeToSized } from './ctypes.js';
import { globToRegExp } from './probe-expansion.js';
import { int } from '../sized.js';

/** An error reported once per probe (bpftrace reports these once, at an attach point). */
function oncePerProbe(ctx: Context, code: string, message: string, a: ResolvedAttach): void {
  const ap = ctx.attachPoints.find((p) => p.parts[0] === a.target && p.parts.at(-1) === a.func)
    ?? ctx.attachPoints.find((p) => p.parts[0] === a.target) ?? ctx.attachPoints[0];
  if (ctx.diagnostics.some((d) => d.message === message)) return;
  ctx.error(code, message, ap?.range);
}

/** The prototypes an attach point's function names: one, or a wildcard's matches; null after an error. */
function prototypes(ctx: Context, a: ResolvedAttach): FuncProto[] | null {
  const types = a.target !== undefined ? ctx.kernel.binaryTypes?.(a.target) : undefined;
  if (!types || a.func === undefined) return [];
  if (!types.hasDebugInfo()) {
    oncePerProbe(ctx, 'type/no-debuginfo', `No debuginfo found for ${a.target}`, a);
    return null;
  }
  if (!a.func.includes('*')) return [types.func(a.func)].filter((p) => p !== undefined);
  const re = globToRegExp(a.func);
  return (types.functionNames?.() ?? []).filter((n) => re.test(n)).map((n) => types.func(n)).filter((p) => p !== undefined);
}

const signature = (p: FuncProto) => JSON.stringify(p.params.map((x) => [x.name, x.type]));

/**
 * The type of `args->field` in a probe of uprobes: every function its attach points match
 * must take the same parameters (bpftrace 0.17: "Probe has attach points with mixed
 * arguments"). 64-bit when nothing is known of the functions.
 */
export function uprobeParamType(ctx: Context, e: FieldAccess): SizedType {
  let first: FuncProto | undefined;
  for (const a of ctx.attach) {
    if (a.probeType !== 'uprobe') continue;
    const protos = prototypes(ctx, a);
    if (protos === null) return NONE;
    for (const proto of protos) {
      first ??= proto;
      if (signature(proto) !== signature(first)) {
        oncePerProbe(ctx, 'type/args-mismatch', 'Probe has attach points with mixed arguments', a);
        return NONE;
      }
    }
  }
  if (!first) return int(64, false);
  const p = first.params.find((x) => x.name === e.field);
  if (!p) {
    ctx.error('type/no-field', `Can't find function parameter ${e.field}`, e.range);
    return NONE;
  }
  // A struct passed by value (in registers or on the stack, by the ABI's classification) and
  // a float (an array as CType: no parameter is an array, those decay to pointers) are not read.
  if (p.type.kind === 'record' || p.type.kind === 'array') {
    ctx.error('type/unsupported-param', `${e.field} has unsupported type`, e.range);
    return NONE;
  }
  return ctypeToSized(p.type, ctx.kernel);
}
