// Function calls, driven by the function table: unsafe/probe/feature restrictions,
// arity, argument kinds, constant arguments, and the result type.
import type { Call, Expr, SizedType } from '@bpftrace-ts/parser';
import { NONE, type Step } from '@bpftrace-ts/parser';
import type { Context } from './context.js';
import type { AggValue } from './maps.js';
import { lookupFunction, X86_64_REGISTERS, type FunctionInfo, type ArgKind } from '../tables/functions.js';
import { checked, checkedAll } from './expressions.js';
import { checkMapKeys } from './maps.js';
import { checkFormat } from './printf.js';
import { sizeOf } from './ctypes.js';
import { int, kindName, typeName } from '../sized.js';
import { positionalInt } from '../positional.js';


function arityError(f: FunctionInfo, n: number): string | undefined {
  const words = (k: number) => (k === 1 ? 'one argument' : `${k} arguments`);
  if (f.minArgs === f.maxArgs && n !== f.minArgs) {
    return f.minArgs === 0 ? `${f.name}() requires no arguments (${n} provided)`
      : `${f.name}() requires ${words(f.minArgs)} (${n} provided)`;
  }
  if (n < f.minArgs) return `${f.name}() requires at least ${words(f.minArgs)} (${n} provided)`;
  if (n > f.maxArgs) return `${f.name}() takes up to ${f.maxArgs} arguments (${n} provided)`;
  return undefined;
}

/** The value of a constant integer expression (literal, negated literal, numeric `$N`). */
export function constInt(ctx: Context, e: Expr): bigint | undefined {
  if (e.kind === 'Integer') return e.value;
  if (e.kind === 'Unary' && e.op === '-' && e.operand.kind === 'Integer') return -e.operand.value;
  if (e.kind === 'PositionalParam') {
    const t = ctx.opts.params[e.index - 1];
    return t === undefined ? undefined : positionalInt(t);
  }
  return undefined;
}

/**
 * `str($N)` where a string literal is expected is that literal: the parameter's text (as
 * bpftrace 0.17 takes `kaddr(str($1))`, `cgroupid(str($1))`). 0.17 prints "str" for
 * `printf(str($1))` and `time(str($1))`, a bug: we print the parameter.
 */
function foldPositionalStr(ctx: Context, e: Expr): Expr {
  if (e.kind !== 'Call' || e.name !== 'str' || e.args.length !== 1 || e.args[0]!.kind !== 'PositionalParam') return e;
  return { kind: 'String', value: ctx.opts.params[e.args[0]!.index - 1] ?? '', range: e.range };
}

const argKind = (f: FunctionInfo, i: number): ArgKind => f.args[Math.min(i, f.args.length - 1)] ?? 'any';

/** Check one argument; returns its type. */
function* checkArg(ctx: Context, f: FunctionInfo, e: Expr, kind: ArgKind, i: number): Step<SizedType> {
  switch (kind) {
    case 'map': {
      if (e.kind !== 'Map') {
        yield* checked(ctx, e);
        ctx.error('type/expects-map', `${f.name}() expects a map to be provided`, undefined);
        return NONE;
      }
      return yield* mapArg(ctx, f, e);
    }
    case 'stack':
      if (e.kind === 'Identifier' && ['perf', 'bpftrace'].includes(e.name)) {
        e.type = NONE;
        return NONE;
      }
      return yield* checked(ctx, e);
    case 'strLit': {
      const t = yield* checked(ctx, e);
      if (e.kind !== 'String') ctx.error('type/expects-literal', `${f.name}() expects a string literal (${kindName(t)} provided)`, undefined);
      return t;
    }
    case 'intLit': {
      const t = yield* checked(ctx, e);
      if (constInt(ctx, e) === undefined) ctx.error('type/expects-literal', `${f.name}() expects a integer literal (${kindName(t)} provided)`, undefined);
      return t;
    }
    case 'int': {
      if (f.name === 'print' && i > 0) return yield* checked(ctx, e);
      const t = yield* checked(ctx, e);
      if (t.tag !== 'none' && t.tag !== 'int') {
        ctx.error('type/expects-int', `${f.name}() only supports integer arguments (${kindName(t)} provided)`, undefined);
      }
      return t;
    }
    case 'string': {
      const t = yield* checked(ctx, e);
      if (t.tag !== 'none' && t.tag !== 'string') {
        ctx.error('type/expects-string', `${f.name}() only supports string arguments (${kindName(t)} provided)`, undefined);
      }
      return t;
    }
    default: {
      if (f.name === 'str' && i === 0) ctx.inStr++;
      try {
        if (f.name === 'print' && i === 0 && e.kind === 'Map') return yield* mapArg(ctx, f, e);
        return yield* checked(ctx, e);
      } finally {
        if (f.name === 'str' && i === 0) ctx.inStr--;
      }
    }
  }
}

/** A map passed whole (print/clear/zero) or with a key (delete). */
function* mapArg(ctx: Context, f: FunctionInfo, m: Extract<Expr, { kind: 'Map' }>): Step<SizedType> {
  const keys = yield* checkedAll(ctx, m.keys);
  const info = ctx.mapInfo(m.name);
  if (!info) {
    ctx.error('type/undefined-map', `Undefined map: ${m.name}`, m.range);
    m.type = NONE;
    return NONE;
  }
  if (m.keys.length > 0 || f.name === 'delete') checkMapKeys(ctx, m, keys);
  m.type = info.value;
  return info.value;
}

export function* checkCallS(ctx: Context, call: Call, asMapValue: boolean): Step<SizedType> {
  const f = lookupFunction(call.name);
  if (!f) {
    yield* checkedAll(ctx, call.args);
    const n = call.name.length; // bpftrace points at the name alone
    const nameRange = { start: call.range.start, end: { ...call.range.start, column: call.range.start.column + n, offset: call.range.start.offset + n } };
    ctx.error('type/unknown-function', `Unknown function: ${call.name}`, nameRange);
    return NONE;
  }
  // Errors from argument checks carry the whole call's range, as bpftrace's do.
  const before = ctx.diagnostics.length;
  const err = (code: string, msg: string) => ctx.error(code, msg, call.range);
  if (f.unsafe && !ctx.opts.unsafe) err('type/unsafe', `${f.name}() is an unsafe function being used in safe mode`);
  if (f.needs && !ctx.kernel.features[f.needs.feature]) err('type/feature', f.needs.message);
  const bad = ctx.probeTypes.find((pt) => (f.allowed ? !f.allowed.includes(pt) : f.forbidden?.includes(pt)));
  if (bad !== undefined && f.restriction) err('type/function-not-allowed', f.restriction.replace('%s', bad));
  if (f.agg && !asMapValue) err('type/agg-not-assigned', `${f.name}() should be directly assigned to a map`);
  const arity = arityError(f, call.args.length);
  if (arity) err('type/arity', arity);
  const outer = ctx.argRange, outerAnyLength = ctx.anyStringLength;
  ctx.argRange = call.range;
  const types: SizedType[] = [];
  for (let [i, a] of call.args.entries()) {
    if (argKind(f, i) === 'strLit') a = call.args[i] = foldPositionalStr(ctx, a);
    ctx.anyStringLength = ((f.name === 'printf' || f.name === 'debugf') && i === 0) || f.name === 'cgroupid';
    types.push(yield* checkArg(ctx, f, a, argKind(f, i), i));
  }
  ctx.argRange = outer;
  ctx.anyStringLength = outerAnyLength;
  for (let i = before; i < ctx.diagnostics.length; i++) ctx.diagnostics[i]!.range ??= call.range;
  if (arity) return NONE;
  return afterArgs(ctx, f, call, types);
}

/** Checks that need the argument values: formats, registers, lhist bounds. */
function afterArgs(ctx: Context, f: FunctionInfo, call: Call, types: SizedType[]): SizedType {
  const consts = call.args.map((a) => constInt(ctx, a));
  const a0 = call.args[0];
  if (f.name === 'debugf') {
    // (bpftrace 0.17 prints this warning before the format's errors)
    ctx.warning('type/debugf', 'The debugf() builtin is not recommended for production use. For more information see bpf_trace_printk in bpf-helpers(7).', call.range);
  }
  if ((f.name === 'printf' || f.name === 'system' || f.name === 'cat' || f.name === 'debugf') && a0?.kind === 'String') {
    checkFormat(ctx, f.name, a0.value, call.args.slice(1), call.range);
  }
  // bpftrace 0.17 reads str()'s source from an address: an integer or pointer (its arrays,
  // which we also accept, are pointer-like). A string, tuple, record or special is refused,
  // even a literal: str("abc") is an error, not "abc". A positional parameter is the
  // exception: str($1) is how a script takes $1 as text.
  const t0 = types[0];
  const positionalText = a0?.kind === 'PositionalParam' || (a0?.kind === 'Binary' && a0.left.kind === 'PositionalParam' && t0?.tag === 'string');
  if (f.name === 'str' && !positionalText && t0 && t0.tag !== 'none' && t0.tag !== 'int' && t0.tag !== 'pointer' && t0.tag !== 'array') {
    ctx.error('type/str-arg', `str() expects an integer or a pointer type as first argument (${typeName(t0)} provided)`, call.range);
  }
  if (f.name === 'str' || f.name === 'buf') checkLength(ctx, f.name, call);
  if (f.name === 'buf' && call.args.length === 1 && t0 && t0.tag !== 'none') {
    if (t0.tag !== 'array') ctx.error('type/buf-length', `buf() expects a length argument for non-array type ${kindName(t0)}`, call.range);
    else if (sizeOf(t0) > ctx.strlen) bufShortened(ctx, call);
  }
  if (f.name === 'reg' && a0?.kind === 'String' && !X86_64_REGISTERS.includes(a0.value)) {
    ctx.error('type/register', `'${a0.value}' is not a valid register on this architecture (x86_64)`, call.range);
  }
  if (f.name === 'macaddr' && types[0]) checkMacaddr(ctx, call, types[0]);
  if (f.name === 'lhist' && consts.slice(1).every((c) => c !== undefined)) checkLhist(ctx, call, consts as bigint[]);
  // Limits bpftrace 0.17 checks on constant arguments (past them the kernel or llc refuses the program).
  const limit = (f.name === 'kstack' || f.name === 'ustack') ? consts.at(-1) : undefined;
  if (limit !== undefined && limit > BigInt(MAX_STACK_FRAMES)) {
    ctx.error('type/stack-limit', `${f.name}([int limit]): limit shouldn't exceed ${MAX_STACK_FRAMES}, ${limit} given`, call.range);
  }
  if (f.name === 'signal' && consts[0] !== undefined && (consts[0] < 1n || consts[0] > 64n)) {
    ctx.error('type/signal', `${consts[0]} is not a valid signal, allowed range: [1,64]`, call.range);
  }
  if (f.name === 'strncmp' && consts[2] !== undefined && consts[2] < 0n) {
    ctx.error('type/strncmp', 'Builtin strncmp requires a non-negative size', call.range);
  }
  // bpftrace sizes pton()'s array by the literal's family: 16 bytes for IPv6 text (has ':').
  if (f.name === 'pton' && a0?.kind === 'String' && a0.value.includes(':')) {
    return { tag: 'array', elem: int(8, false), count: 16 };
  }
  if (f.name === 'uaddr' && a0?.kind === 'String') return uaddrType(ctx, a0.value);
  return f.returns(types, consts, ctx.strlen, call.args);
}

/** bpftrace 0.17: a pointer to a signed int of the symbol's size (1, 2 or 4 bytes), else to a 64-bit one. */
function uaddrType(ctx: Context, name: string): SizedType {
  const target = ctx.attach[0]?.target;
  const size = target === undefined ? undefined : ctx.opts.userSymbolSize?.(target, name);
  const bits = size === 1 || size === 2 || size === 4 ? ((size * 8) as 8 | 16 | 32) : 64;
  return { tag: 'pointer', to: int(bits, true) };
}

/** bpftrace 0.17's MAX_STACK_SIZE: the most frames kstack()/ustack() may ask for. */
const MAX_STACK_FRAMES = 1024;

/** lhist()'s constant bounds, checked in bpftrace 0.17's order (its first message is the one people see). */
function checkLhist(ctx: Context, call: Call, [, min, max, step]: bigint[]): void {
  const err = (msg: string) => ctx.error('type/lhist', msg, call.range);
  if (step! <= 0n) err(`lhist() step must be >= 1 (${step} provided)`);
  else if ((max! - min!) / step! > 1000n) err(`lhist() too many buckets, must be <= 1000 (would need ${(max! - min!) / step!})`);
  if (min! < 0n) err(`lhist() min must be non-negative (provided min ${min})`);
  if (min! > max!) err(`lhist() min must be less than max (provided min ${min} and max ${max})`);
  if (max! - min! < step!) err(`lhist() step is too large for the given range (provided step ${step} for range ${max! - min!})`);
}

/**
 * str()/buf()'s length argument, as bpftrace 0.17 checks it: a negative literal is an error
 * (str's message lacks a space, as 0.17's does); a buf() longer than the string size is
 * shortened to it, with a warning (the result type, from the function table, is shortened too).
 */
function checkLength(ctx: Context, name: string, call: Call): void {
  const arg = call.args[1];
  if (!arg) return;
  const literal = arg.kind === 'Integer' || (arg.kind === 'Unary' && arg.op === '-' && arg.operand.kind === 'Integer');
  const n = constInt(ctx, arg);
  if (n === undefined || (name === 'str' && !literal)) return;
  if (n < 0n) ctx.error('type/negative-length', `${name === 'str' ? 'str' : 'buf '}cannot use negative length (${n})`, call.range);
  if (name === 'buf' && (n < 0n || n > BigInt(ctx.strlen))) bufShortened(ctx, call);
}

function bufShortened(ctx: Context, call: Call): void {
  ctx.warning('type/buf-shortened', `buf() length is too long and will be shortened to ${ctx.strlen} bytes (see BPFTRACE_STRLEN)`, call.range);
}

/** macaddr(x): an integer, pointer, or 6-byte array/string (bpftrace 0.17's checks, in its order). */
function checkMacaddr(ctx: Context, call: Call, t: SizedType): void {
  if (t.tag === 'none') return;
  if (t.tag !== 'int' && t.tag !== 'pointer' && t.tag !== 'array' && t.tag !== 'string' && !(t.tag === 'special' && t.kind === 'buffer')) {
    ctx.error('type/macaddr', `macaddr() only supports array or pointer arguments (${kindName(t)} provided)`, call.range);
    return;
  }
  const size = t.tag === 'array' ? t.count * (t.elem.tag === 'int' ? t.elem.bits / 8 : 1) : t.tag === 'string' ? t.size : t.tag === 'special' ? t.size : 6;
  if (size !== 6) ctx.error('type/macaddr', 'macaddr() argument must be 6 bytes in size', call.range);
  else if (call.args[0]?.kind === 'String') ctx.error('type/macaddr', 'macaddr() does not support literal string arguments', call.range);
}

/** For an aggregation call on a map's right-hand side: its kind, sign, lhist constants. */
export function aggregationOf(ctx: Context, call: Call): AggValue | undefined {
  const f = lookupFunction(call.name);
  if (!f?.agg) return undefined;
  const arg = call.args[0]?.type;
  // bpftrace 0.17 keeps min/max/avg/stats as signed 64-bit whatever the argument
  // (min((uint64)0 - 3) prints -3); count is unsigned; sum and hists follow the argument.
  const alwaysSigned = f.agg === 'min' || f.agg === 'max' || f.agg === 'avg' || f.agg === 'stats';
  const signed = f.agg === 'count' ? false : alwaysSigned ? true : arg?.tag === 'int' ? arg.signed : true;
  const out: AggValue = { agg: f.agg, signed };
  if (f.agg === 'lhist') {
    const c = call.args.map((a) => constInt(ctx, a));
    if (c[1] !== undefined && c[2] !== undefined && c[3] !== undefined) {
      out.lhist = { min: Number(c[1]), max: Number(c[2]), step: Number(c[3]) };
    }
  }
  return out;
}
