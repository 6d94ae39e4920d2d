// Field and index access: tuple `.N`, tracepoint `args->field` (typed from each
// matched tracepoint's format), struct members via KernelInfo.record, arrays.
import type { SizedType, FieldAccess, ArrayAccess } from '@bpftrace-ts/parser';
import { NONE } from '@bpftrace-ts/parser';
import type { Context } from './context.js';
import { checkExpr } from './expressions.js';
import { constInt } from './calls.js';
import { tracepointFieldType, ctypeToSized, withMembers } from './ctypes.js';
import { int, typeName, compatible } from '../sized.js';


export function checkFieldAccess(ctx: Context, e: FieldAccess): SizedType {
  if (e.expr.kind === 'Builtin' && e.expr.name === 'args') {
    const base = checkExpr(ctx, e.expr);
    if (base.tag === 'none') return NONE;
    return argsField(ctx, e);
  }
  const t = checkExpr(ctx, e.expr);
  if (t.tag === 'none') return NONE;
  if (t.tag === 'tuple' && !e.arrow) {
    const i = Number(e.field);
    if (!/^[0-9]+$/.test(e.field) || i >= t.elems.length) {
      ctx.error('type/tuple-index', `Invalid tuple index: ${e.field}. Found ${t.elems.length} elements in tuple.`, e.range);
      return NONE;
    }
    return t.elems[i]!;
  }
  const shallow = e.arrow ? (t.tag === 'pointer' ? t.to : undefined) : t;
  if (shallow?.tag === 'record') {
    // The base's type gets the record's members: codegen reads the member's offset there.
    const rec = withMembers(shallow, ctx.kernel);
    e.expr.type = t.tag === 'pointer' ? { ...t, to: rec } : rec;
    const f = rec.tag === 'record' ? rec.fields?.find((x) => x.name === e.field) : undefined;
    if (!f) {
      ctx.error('type/no-field', `Struct/union of type '${shallow.name}' does not contain a field named '${e.field}'`, e.range);
      return NONE;
    }
    return f.type;
  }
  // bpftrace dereferences an integer used with `->` as a u64 pointer before complaining.
  const shown = e.arrow && t.tag === 'int' ? int(64, false) : t;
  ctx.error('type/no-field', `Can not access field '${e.field}' on expression of type '${typeName(shown)}'`, e.range);
  return NONE;
}

/** bpftrace's error for `args` in a uprobe on a binary without DWARF: once, at the attach point. */
function noDebugInfo(ctx: Context, target: string): void {
  const ap = ctx.attachPoints.find((p) => p.parts[0] === target) ?? ctx.attachPoints[0];
  const message = `No debuginfo found for ${target}`;
  if (ctx.diagnostics.some((d) => d.message === message)) return;
  ctx.error('type/no-debuginfo', message, ap?.range);
}

/** `args->field`: the field must exist in every matched tracepoint; the first one's type wins. */
function argsField(ctx: Context, e: FieldAccess): SizedType {
  let result: SizedType | undefined;
  for (const a of ctx.attach) {
    if ((a.probeType === 'kfunc' || a.probeType === 'kretfunc') && ctx.kernel.func) {
      // kfunc arguments are the function's parameters, typed by its BTF prototype.
      const proto = ctx.kernel.func(a.func!);
      if (!proto) continue;
      const p = proto.params.find((x) => x.name === e.field);
      if (!p) {
        ctx.error('type/no-field', `Can't find a field ${e.field} in function ${a.func}`, e.range);
        return NONE;
      }
      result ??= ctypeToSized(p.type, ctx.kernel);
      continue;
    }
    if (a.probeType === 'uprobe') {
      // uprobe arguments are the function's parameters, typed by the binary's DWARF.
      const types = a.target !== undefined ? ctx.kernel.binaryTypes?.(a.target) : undefined;
      if (types && !types.hasDebugInfo()) {
        noDebugInfo(ctx, a.target!);
        return NONE;
      }
      const proto = a.func !== undefined ? types?.func(a.func) : undefined;
      if (!proto) continue;
      const p = proto.params.find((x) => x.name === e.field);
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
      const t = ctypeToSized(p.type, ctx.kernel);
      if (result && !compatible(result, t)) {
        ctx.error('type/args-mismatch', `args->${e.field} has different types across probes: '${typeName(result)}' and '${typeName(t)}'`, e.range);
        return NONE;
      }
      result ??= t;
      continue;
    }
    if (a.probeType !== 'tracepoint') continue;
    const fmt = ctx.kernel.tracepointFormat(a.target!, a.func!);
    const f = fmt?.fields.find((x) => x.name === e.field);
    if (!f) {
      ctx.error('type/no-field',
        `Struct/union of type 'struct _tracepoint_${a.target}_${a.func}' does not contain a field named '${e.field}'`, e.range);
      return NONE;
    }
    const t = tracepointFieldType(f, ctx.kernel);
    if (!result) result = t;
    else if (result.tag === 'int' && t.tag === 'int' && result.bits !== t.bits) result = int(64, result.signed);
    else if (!compatible(result, t)) {
      ctx.error('type/args-mismatch', `args->${e.field} has different types across probes: '${typeName(result)}' and '${typeName(t)}'`, e.range);
      return NONE;
    }
  }
  // Without BTF or DWARF for the function: 64-bit.
  return result ?? int(64, false);
}

export function checkArrayAccess(ctx: Context, e: ArrayAccess): SizedType {
  const t = checkExpr(ctx, e.expr);
  const i = checkExpr(ctx, e.index);
  if (i.tag !== 'none' && i.tag !== 'int') {
    ctx.error('type/bad-index', `The array index operator [] only accepts integer indices (${typeName(i)} provided)`, e.index.range);
  }
  switch (t.tag) {
    case 'none': return NONE;
    case 'array': {
      // A constant index past a sized array reads beyond it: bpftrace 0.17 refuses it.
      const index = constInt(ctx, e.index);
      if (index !== undefined && t.count > 0 && (index < 0n || index >= BigInt(t.count))) {
        ctx.error('type/index-bounds', `the index ${index} is out of bounds for array of size ${t.count}`, e.range);
      }
      return t.elem;
    }
    case 'pointer': return t.to.tag === 'none' ? int(8, false) : t.to;
    case 'string': return int(8, true);
    default:
      ctx.error('type/bad-index', `The array index operator [] can not be used on expressions of type '${typeName(t)}'`, e.range);
      return NONE;
  }
}
