// Types every expression (sets `expr.type`) and reports bpftrace 0.17's errors for
// operators, builtins, variables, map reads, tuples, casts and field access.
import type { Expr, SizedType, Binary, Unary, Ternary, MapRef, Builtin } from '@bpftrace-ts/parser';
import { NONE, run, sub, type Step } from '@bpftrace-ts/parser';
import type { Context } from './context.js';
import { I64, U64, str, int, isInt, isIntLike, isString, typeName, kindName } from '../sized.js';
import { lookupBuiltin, builtinAllowed } from '../tables/builtins.js';
import { checkCallS } from './calls.js';
import { checkFieldAccessS, checkArrayAccessS } from './fields.js';
import { resolveTypeName, sizeOf, withMembers } from './ctypes.js';
import { checkMapKeys } from './maps.js';
import { checkIdentifier } from './identifiers.js';
import { positionalInt } from '../positional.js';


/** bpftrace reports an unknown name inside call arguments from the call's start to the name's end. */
const argRange = (ctx: Context, e: Expr): Expr['range'] =>
  ctx.argRange ? { start: ctx.argRange.start, end: e.range.end } : e.range;
const utf8 = new TextEncoder();
/** The kernel's limit on one BPF program's stack. */
const BPF_STACK_SIZE = 512;
/** bpftrace 0.17's STRING_SIZE: the longest literal (with its NUL) a script may hold. */
const STRING_LITERAL_MAX = 64;
const byteLength = (s: string) => utf8.encode(s).length;

export function checkExpr(ctx: Context, e: Expr): SizedType {
  return run(checkExprS(ctx, e));
}

/** checkExpr as a step (steps.ts): deep expressions do not deepen the JS stack. */
export function* checkExprS(ctx: Context, e: Expr): Step<SizedType> {
  const t = yield* typeOf(ctx, e);
  e.type = t;
  return t;
}

/** Inside a step: check a sub-expression. */
export const checked = (ctx: Context, e: Expr): Step<SizedType> => sub(checkExprS(ctx, e));

/** Inside a step: check each expression in order; their types. */
export function* checkedAll(ctx: Context, es: readonly Expr[]): Step<SizedType[]> {
  const out: SizedType[] = [];
  for (const e of es) out.push(yield* checked(ctx, e));
  return out;
}

function* typeOf(ctx: Context, e: Expr): Step<SizedType> {
  switch (e.kind) {
    // bpftrace 0.17 types every literal int64: 18446744073709551615 is -1.
    case 'Integer': return I64;
    case 'String': {
      // bpftrace 0.17 refuses literals that do not fit its 64-byte strings, except where they never reach BPF.
      const size = byteLength(e.value);
      if (size > STRING_LITERAL_MAX - 1 && !ctx.anyStringLength) {
        ctx.error('type/string-too-long', `String is too long (over ${STRING_LITERAL_MAX} bytes): ${e.value}`, e.range);
      }
      return str(size + 1);
    }
    case 'PositionalParam':
      { const text = ctx.opts.params[e.index - 1]; e.value = text === undefined ? undefined : positionalInt(text); }
      return positional(ctx, e.index, e.range);
    case 'PositionalCount': return I64;
    case 'Builtin': return builtin(ctx, e);
    case 'Identifier': return checkIdentifier(ctx, e, argRange(ctx, e));
    case 'Call': return yield* checkCallS(ctx, e, false);
    case 'Map': return yield* mapRead(ctx, e);
    case 'Variable': {
      const v = ctx.vars.get(e.name);
      if (!v) {
        if (ctx.poisoned.has(e.name)) return NONE;
        ctx.error('type/undefined-variable', `Undefined or undeclared variable: ${e.name}`, argRange(ctx, e));
        return NONE;
      }
      return v;
    }
    case 'Binary': return yield* binary(ctx, e);
    case 'Unary': return yield* unary(ctx, e);
    case 'FieldAccess': return yield* checkFieldAccessS(ctx, e);
    case 'ArrayAccess': return yield* checkArrayAccessS(ctx, e);
    case 'Cast': {
      const inner = yield* checked(ctx, e.expr);
      const t = resolveTypeName(e.typeName, ctx.kernel);
      if (!t) {
        ctx.error('type/unknown-type', `Unknown struct/union: '${e.typeName.base}'`, e.range);
        return NONE;
      }
      if (t.tag === 'record') {
        ctx.error('type/bad-cast', `Cannot cast to struct type "${t.name}"`, e.range);
        return NONE;
      }
      if (t.tag === 'int' && !isIntLike(inner) && inner.tag !== 'none') {
        ctx.error('type/bad-cast', `Cannot cast from "${typeName(inner)}" to "${typeName(t)}"`, e.range);
      }
      return t;
    }
    case 'Tuple': {
      const t: SizedType = { tag: 'tuple', elems: yield* checkedAll(ctx, e.elems) };
      // A tuple is built on the BPF stack: one that cannot fit would fail in llc, with no location.
      // (bpftrace 0.17 accepts them; our code generator keeps tuples on the stack.)
      const size = sizeOf(t);
      // Once, at the innermost tuple too large (the ones around it are too, by as much or more).
      if (size > BPF_STACK_SIZE && t.elems.every((x) => sizeOf(x) <= BPF_STACK_SIZE)) ctx.error('type/tuple-too-large', `Tuple is too large for the BPF stack (${size} bytes, over ${BPF_STACK_SIZE})`, e.range);
      return t;
    }
    case 'Ternary': return yield* ternary(ctx, e);
    case 'Sizeof': {
      if (e.arg.kind === 'TypeName') {
        const t = resolveTypeName(e.arg, ctx.kernel);
        const a = e.arg;
        // `sizeof(NAME)` parses as a type; a name that is no type but an enumerator (script or
        // BTF) or a macro is the expression: an integer constant, 8 bytes (as in bpftrace 0.17).
        if (!t && a.pointerDepth === 0 && a.arrayLength === undefined && /^[A-Za-z_]\w*$/.test(a.base) &&
          (ctx.env?.macros.has(a.base) || ctx.env?.constant(a.base) !== undefined)) {
          e.arg = { kind: 'Identifier', name: a.base, range: a.range };
          e.size = sizeOf(checkExpr(ctx, e.arg));
          return U64;
        }
        // bpftrace 0.17 words an unknown type in sizeof as an identifier.
        if (!t) ctx.error('type/unknown-type', `Unknown identifier: '${e.arg.base}'`, e.range);
        else e.size = sizeOf(t);
      } else {
        e.size = sizeOf(yield* checked(ctx, e.arg));
      }
      return U64;
    }
    case 'Offsetof': {
      // bpftrace 0.17 parses offsetof() as a call to an unknown function.
      const n = 'offsetof'.length;
      ctx.error('type/unknown-function', 'Unknown function: offsetof',
        { start: e.range.start, end: { ...e.range.start, column: e.range.start.column + n, offset: e.range.start.offset + n } });
      const t = resolveTypeName(e.typeName, ctx.kernel);
      if (!t) ctx.error('type/unknown-type', `Unknown struct/union: '${e.typeName.base}'`, e.range);
      else if (t.tag === 'record') {
        const rec = ctx.kernel.record(t.name.replace(/^(struct|union) /, ''));
        if (rec && !rec.fields.some((f) => f.name === e.field)) {
          ctx.error('type/no-field', `'${t.name}' has no field named '${e.field}'`, e.range);
        }
      }
      return U64;
    }
  }
}

/** `$N`: an integer, unless inside str() (then its text). Non-numeric text used numerically is an error. */
function positional(ctx: Context, index: number, range: Expr['range']): SizedType {
  const text = ctx.opts.params[index - 1];
  if (ctx.inStr > 0) return str(Math.max(byteLength(text ?? '') + 1, 1));
  if (text !== undefined && positionalInt(text) === undefined) {
    ctx.error('type/positional-not-number', `$${index} used numerically but given "${text}". Try using str($${index}).`, range);
  }
  return I64;
}

function builtin(ctx: Context, e: Builtin): SizedType {
  const info = lookupBuiltin(e.name);
  if (!info) {
    ctx.error('type/unknown-identifier', `Unknown identifier: '${e.name}'`, e.range);
    return NONE;
  }
  const bad = ctx.probeTypes.find((pt) => !builtinAllowed(info, pt));
  if (bad !== undefined || (e.name === 'args' && new Set(ctx.probeTypes).size > 1)) {
    const msg = (info.restriction ?? `The ${e.name} builtin can not be used here`)
      .replace('%n', e.name)
      .replace('%s', e.name === 'args' ? ctx.probeKindName() : (bad ?? ctx.probeKindName()));
    ctx.error('type/builtin-not-allowed', msg, e.range);
    return NONE;
  }
  if (e.name === 'cpid' && ctx.opts.hasChild === false) {
    ctx.error('type/cpid-without-child', 'cpid cannot be used without child command', e.range);
  }
  if (e.name === 'probe') ctx.usesProbe = true;
  if (e.name === 'args') {
    ctx.usesArgs = true;
    const first = ctx.attach[0];
    const name = first?.probeType === 'tracepoint' ? `struct _tracepoint_${first.target}_${first.func}` : 'struct args';
    return { tag: 'pointer', to: { tag: 'record', name, size: 0 }, ctx: true };
  }
  return info.type(ctx.probeTypes);
}

function* mapRead(ctx: Context, m: MapRef): Step<SizedType> {
  const info = ctx.mapInfo(m.name);
  const keyTypes = yield* checkedAll(ctx, m.keys);
  if (!info) {
    ctx.error('type/undefined-map', `Undefined map: ${m.name}`, m.range);
    return NONE;
  }
  checkMapKeys(ctx, m, keyTypes);
  return info.value;
}

/**
 * bpftrace points at a binary operator alone. The AST keeps no operator position, so it
 * is placed in the middle of the gap between the operands (exact for `a / b` and `a/b`).
 */
function operatorRange(e: Binary): Expr['range'] {
  const a = e.left.range.end, b = e.right.range.start;
  const gap = b.offset - a.offset;
  if (a.line !== b.line || gap < e.op.length) return e.range;
  const k = Math.floor((gap - e.op.length) / 2);
  const start = { ...a, column: a.column + k, offset: a.offset + k };
  return { start, end: { ...start, column: start.column + e.op.length, offset: start.offset + e.op.length } };
}

const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);

/** The type of `l op r` for two integer-like operands (bpftrace: 64-bit, signed iff both are). */
export function arithType(l: SizedType, r: SizedType): SizedType {
  if (l.tag === 'pointer' && r.tag === 'int') return l;
  const signed = l.tag === 'int' && l.signed && r.tag === 'int' && r.signed;
  return int(64, signed);
}

function* binary(ctx: Context, e: Binary): Step<SizedType> {
  const l = yield* checked(ctx, e.left);
  const r = yield* checked(ctx, e.right);
  // `str($1 + 2)`: inside str() a positional parameter is its text, and `+ N` skips N bytes of it.
  if (e.op === '+' && l.tag === 'string' && e.left.kind === 'PositionalParam' && e.right.kind === 'Integer' &&
      e.right.value >= 0n && e.right.value < BigInt(l.size)) {
    return str(l.size - Number(e.right.value));
  }
  if (l.tag === 'none' || r.tag === 'none') return arithType(l, r);
  if (isIntLike(l) && isIntLike(r)) {
    if ((e.op === '/' || e.op === '%') && l.tag === 'int' && l.signed && r.tag === 'int' && r.signed) {
      ctx.warning('type/signed-division',
        `signed operands for '${e.op}' can lead to undefined behavior (cast to unsigned to silence warning)`, operatorRange(e));
    }
    // A shift has its left operand's sign, as in C and bpftrace 0.17 (whose own check says
    // (1 << (uint32)63) < 0): the amount's sign does not matter.
    if ((e.op === '<<' || e.op === '>>') && l.tag === 'int') return int(64, l.signed);
    return arithType(l, r);
  }
  if (isString(l) && isString(r) && (e.op === '==' || e.op === '!=')) return U64;
  const bothSame = l.tag === r.tag && !isString(l);
  if (bothSame && COMPARE.has(e.op) && (l.tag === 'special' || l.tag === 'array')) return U64;
  ctx.error('type/mismatch', `Type mismatch for '${e.op}': comparing '${typeName(l)}' with '${typeName(r)}'`, e.range);
  return int(64, false);
}

function* unary(ctx: Context, e: Unary): Step<SizedType> {
  if (e.op === '++' || e.op === '--') return yield* incDec(ctx, e);
  const t = yield* checked(ctx, e.operand);
  if (t.tag === 'none') return NONE;
  switch (e.op) {
    case '!':
      if (!isIntLike(t)) break;
      return U64;
    case '-': case '~':
      if (!isInt(t)) break;
      return int(64, (t as { signed: boolean }).signed);
    case '*':
      if (t.tag === 'pointer') return t.to.tag === 'none' ? U64 : withMembers(t.to, ctx.kernel);
      if (t.tag === 'int') return U64;
      break;
    case '&':
      return { tag: 'pointer', to: t };
  }
  // bpftrace points at the operator alone.
  const opRange = { start: e.range.start, end: { ...e.range.start, column: e.range.start.column + e.op.length, offset: e.range.start.offset + e.op.length } };
  ctx.error('type/bad-operand', `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`, e.postfix ? e.range : opRange);
  return NONE;
}

/** `x++`/`--x`: a variable must exist; a map is created as int64 on first use. */
function* incDec(ctx: Context, e: Unary): Step<SizedType> {
  const target = e.operand;
  if (target.kind === 'Variable') {
    const t = yield* checked(ctx, target);
    if (t.tag !== 'none' && !isIntLike(t)) {
      ctx.error('type/bad-operand', `The ${e.op} operator can not be used on expressions of type '${typeName(t)}'`, e.range);
    }
    return t;
  }
  if (target.kind === 'Map') {
    const keyTypes = yield* checkedAll(ctx, target.keys);
    const info = ctx.mapInfo(target.name);
    if (!info) {
      ctx.setMap(target.name, { name: target.name, keyTypes: keyTypes.map(keyType), value: I64 });
    } else {
      if (!ctx.maps.has(target.name)) ctx.setMap(target.name, info);
      checkMapKeys(ctx, target, keyTypes);
      if (!isIntLike(info.value)) {
        ctx.error('type/bad-operand', `The ${e.op} operator can not be used on expressions of type '${typeName(info.value)}'`, e.range);
      }
    }
    target.type = ctx.mapInfo(target.name)!.value;
    return target.type;
  }
  yield* checked(ctx, target);
  ctx.error('type/bad-operand', `The ${e.op} operator must be applied to a map or variable`, e.range);
  return NONE;
}

/** Map keys are stored as bpftrace stores them: integers as unsigned 64-bit. */
export function keyType(t: SizedType): SizedType {
  return t.tag === 'int' ? U64 : t;
}

function* ternary(ctx: Context, e: Ternary): Step<SizedType> {
  const c = yield* checked(ctx, e.cond);
  const a = yield* checked(ctx, e.then);
  const b = yield* checked(ctx, e.else);
  if (c.tag !== 'none' && !isIntLike(c)) {
    ctx.error('type/bad-condition', `Invalid condition in ternary: ${kindName(c)}`, e.cond.range);
  }
  if (a.tag === 'none' || b.tag === 'none') return a.tag === 'none' ? b : a;
  if (kindName(a) !== kindName(b)) {
    ctx.error('type/ternary-mismatch', `Ternary operator must return the same type: have '${kindName(a)}' and '${kindName(b)}'`, e.range);
    return NONE;
  }
  if (a.tag === 'int' && b.tag === 'int') return int(64, a.signed && b.signed);
  // bpftrace sizes a string-valued ternary to the default string length.
  if (a.tag === 'string' && b.tag === 'string') return str(Math.max(ctx.strlen, a.size, b.size));
  return sizeOf(a) >= sizeOf(b) ? a : b;
}
