// Field and index access: tuple `.N`, tracepoint `args->field` (typed from each
// matched tracepoint's format), kfunc/uprobe `args->param` (BTF; DWARF: uprobe-params.ts),
// struct members via KernelInfo.record, arrays.
import type { SizedType, FieldAccess, ArrayAccess } from '@bpftrace-ts/parser';
import { NONE, type Step } from '@bpftrace-ts/parser';
import type { Context } from './context.js';
import { checked } from './expressions.js';
import { constInt } from './calls.js';
import { tracepointFieldType, ctypeToSized, withMembers } from './ctypes.js';
import { int, typeName, compatible } from '../sized.js';
import { uprobeParamType } from './uprobe-params.js';


export function* checkFieldAccessS(ctx: Context, e: FieldAccess): Step<SizedType> {
  if (e.expr.kind === 'Builtin' && e.expr.name === 'args') {
    const base = yield* checked(ctx, e.expr);
    if (base.tag === 'none') return NONE;
    return argsField(ctx, e);
  }
  const t = yield* checked(ctx, e.expr);
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

/** `args->field`: the field must exist in every matched tracepoint; the first one's type wins. */
function argsField(ctx: Context, e: FieldAccess): SizedType {
  // A probe using args has attach points of one kind (builtin check).
  if (ctx.attach.some((a) => a.probeType === 'uprobe')) return uprobeParamType(ctx, e);
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

export function* checkArrayAccessS(ctx: Context, e: ArrayAccess): Step<SizedType> {
  const t = yield* checked(ctx, e.expr);
  const i = yield* checked(ctx, e.index);
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
