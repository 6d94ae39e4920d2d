// Maps: MapSpec from the checker's MapInfo, BTF-described map globals, and the
// in-place update code for each aggregation.
//
// Keyless aggregations use a 1-entry per-CPU array (lookup never misses).
// Keyed aggregations use a per-CPU hash: lookup; on a miss insert a zero value
// with BPF_NOEXIST and look up again; then update in place. In the steady state
// that is one hash operation per update.

import type { MapInfo } from '@bpftrace-ts/typecheck';
import type { DebugInfo } from './debuginfo.js';
import { BPF_NOEXIST, callHelper } from './helpers.js';
import { FunctionBuilder, I64, I8P, ModuleBuilder, PTR, Value, arrayOf, i32, i64 } from './ir-builder.js';
import { layoutOf, packFields } from './layout.js';
import type { MapKind, MapSpec, ValueLayout } from './manifest.js';

export const BPF_MAP_TYPE = { hash: 1, array: 2, percpu_hash: 5, percpu_array: 6, stack_trace: 7, ringbuf: 27 } as const;

/**
 * bpftrace's log2 histogram: [<0], [0], then [2^k, 2^(k+1)) for k = 0..63.
 * Deliberately the full 64-bit range: bpftrace 0.17 shifts only up to 31 and so
 * clamps every value >= 2^32 into one bucket, a plain bug we don't copy (same
 * buckets below 2^32). The output renderer uses these 66 buckets.
 */
export const HIST_BUCKETS = 66;

export interface CgMap {
  spec: MapSpec;
  /** LLVM type of the map's global (a struct of pointers). */
  globalType: string;
}

/** A map global as a helper argument. */
export function mapGlobalRef(m: { globalType: string; bpfName: string }): Value {
  return { type: I8P, ref: `@${m.bpfName}` };
}

/** A script map's global as a helper argument. */
export function scriptMapRef(m: CgMap): Value {
  return mapGlobalRef({ globalType: m.globalType, bpfName: m.spec.bpfName });
}

/** Define a BTF-described map global: `{ type, max_entries[, key, value] }`. */
export function defineBpfMap(
  mod: ModuleBuilder,
  di: DebugInfo,
  name: string,
  mapType: number,
  maxEntries: number,
  key?: 'u32' | number,
  valueSize?: number,
): string {
  const n = 2 + (key !== undefined ? 1 : 0) + (valueSize !== undefined ? 1 : 0);
  const globalType = `{ ${Array(n).fill(PTR).join(', ')} }`;
  const dbg = di.mapVariable({ name, mapType, maxEntries, key, valueSize });
  mod.addGlobal(`@${name} = global ${globalType} zeroinitializer, section ".maps", align 8, !dbg ${dbg}`, `@${name}`);
  return globalType;
}

function bpfNameFor(name: string, taken: Set<string>): string {
  const base = `AT_${name.slice(1).replace(/[^A-Za-z0-9_]/g, '_')}`;
  let n = base;
  for (let i = 2; taken.has(n); i++) n = `${base}_${i}`;
  taken.add(n);
  return n;
}

/** Build the MapSpec for one script map. */
export function mapSpecFor(info: MapInfo, taken: Set<string>, maxEntries: number): MapSpec {
  const kind: MapKind = info.agg ?? 'value';
  const keyed = info.keyTypes.length > 0;
  const keyLayout = packFields(info.keyTypes.map(layoutOf));
  const keys = keyed ? keyLayout.fields : [];
  const keySize = keyed ? Math.max(1, keyLayout.size) : 4;
  const signed = info.value.tag === 'agg' ? info.value.signed : info.value.tag === 'int' ? info.value.signed : true;
  let valueSize: number;
  let value = kind === 'value' ? layoutOf(info.value) : { type: 'int' as const, size: 8 as const, signed };
  const spec: Partial<MapSpec> = {};
  switch (kind) {
    case 'count': case 'sum': valueSize = 8; break;
    case 'min': case 'max': case 'avg': case 'stats': valueSize = 16; break;
    case 'hist': valueSize = HIST_BUCKETS * 8; spec.hist = { buckets: HIST_BUCKETS }; break;
    case 'lhist': {
      const l = info.lhist ?? { min: 0, max: 1, step: 1 };
      const buckets = Math.floor((l.max - l.min) / l.step) + 2;
      valueSize = buckets * 8;
      spec.lhist = { ...l, buckets };
      break;
    }
    default: {
      // Round plain values up to 8 so every stack copy is whole words.
      const t = packFields([value]);
      valueSize = wordBytes(t.size);
      if (value.type === 'none') value = { type: 'int', size: 8, signed: true };
    }
  }
  // Keyless plain values are a 1-entry hash (as in bpftrace 0.17), so delete(@x) empties the
  // map and an unset @x prints an empty line rather than 0; keyless aggregations stay arrays.
  const bpfType: MapSpec['bpfType'] = kind === 'value' ? 'hash' : keyed ? 'percpu_hash' : 'percpu_array';
  return {
    name: info.name,
    bpfName: bpfNameFor(info.name, taken),
    kind,
    bpfType,
    keys,
    keySize,
    value,
    valueSize,
    maxEntries: keyed ? maxEntries : 1,
    ...spec,
  };
}

export function defineScriptMap(mod: ModuleBuilder, di: DebugInfo, spec: MapSpec): CgMap {
  const isArray = spec.bpfType === 'array' || spec.bpfType === 'percpu_array';
  const globalType = defineBpfMap(mod, di, spec.bpfName, BPF_MAP_TYPE[spec.bpfType], spec.maxEntries, isArray ? 'u32' : spec.keySize, spec.valueSize);
  return { spec, globalType };
}

/** `size` rounded up to whole 8-byte words, at least one. */
export function wordBytes(size: number): number {
  return Math.max(8, Math.ceil(size / 8) * 8);
}

/** A zeroed stack buffer of `size` bytes (8-aligned), as a pointer. */
export function zeroBuffer(f: FunctionBuilder, size: number, hint = 'buf'): Value {
  const bytes = wordBytes(size);
  const p = f.alloca(arrayOf(bytes, 'i8'), hint, 8);
  f.memset(p, 0, bytes);
  return f.toI8p(p);
}

/** Name of the 1-entry array whose (never written) value is all zeroes, for initialising big values. */
export const ZERO_MAP = 'zero_value';
/** Values up to this size are zeroed on the stack; larger ones come from ZERO_MAP. */
export const ZERO_ON_STACK_MAX = 64;

/** A pointer to the zero map's value (null-checked by the caller). */
function zeroValue(f: FunctionBuilder, zeroes: Value): Value {
  return callHelper(f, 'map_lookup_elem', I8P, [zeroes, zeroKey(f)]);
}

/** The key buffer for a keyless map: u32 0. */
export function zeroKey(f: FunctionBuilder): Value {
  const k = f.alloca('i32', 'key0', 4);
  f.store(i32(0), k, 4);
  return f.toI8p(k);
}

/**
 * Run `body` with a pointer to the map's value for `key`, creating a zero value
 * first when absent (hash maps). Nothing happens if the map is full.
 */
export function withValue(f: FunctionBuilder, m: CgMap, key: Value, body: (val: Value) => void, zeroes?: Value,
  onUpdate?: (ret: Value) => void, onLookup?: (val: Value) => void): void {
  const ref = scriptMapRef(m);
  let val = callHelper(f, 'map_lookup_elem', I8P, [ref, key]);
  onLookup?.(val);
  if (m.spec.bpfType.endsWith('hash')) {
    const miss = f.newBlock('miss');
    const init = f.newBlock('init');
    const join = f.newBlock('have');
    const before = f.current;
    const nul: Value = { type: I8P, ref: 'null' };
    f.condBr(f.icmp('eq', val, nul), miss, join);
    f.setBlock(miss);
    // Large values (hist) do not fit the 512-byte stack: take zeroes from a map.
    const zero = zeroes ? zeroValue(f, zeroes) : zeroBuffer(f, m.spec.valueSize, 'zero');
    const missEnd = f.current;
    f.condBr(f.icmp('ne', zero, nul), init, join);
    f.setBlock(init);
    const ret = callHelper(f, 'map_update_elem', I64, [ref, key, zero, i64(BPF_NOEXIST)]);
    onUpdate?.(ret);
    const again = callHelper(f, 'map_lookup_elem', I8P, [ref, key]);
    const initEnd = f.current;
    f.br(join);
    f.setBlock(join);
    val = f.phi(I8P, [[val, before], [nul, missEnd], [again, initEnd]]);
  }
  const ok = f.newBlock('found');
  const done = f.newBlock('updated');
  f.condBr(f.icmp('ne', val, { type: I8P, ref: 'null' }), ok, done);
  f.setBlock(ok);
  body(val);
  f.br(done);
  f.setBlock(done);
}

function word(f: FunctionBuilder, base: Value, index: number | Value): Value {
  const off = typeof index === 'number' ? index * 8 : f.bin('mul', index, i64(8));
  return f.bytePtr(base, off, I64);
}

function addTo(f: FunctionBuilder, p: Value, x: Value): void {
  f.store(f.bin('add', f.load(I64, p, 8), x), p, 8);
}

/** bpftrace's log2 bucket index for hist(): 0 for <0, 1 for 0, else 2 + floor(log2 x). */
export function log2Bucket(f: FunctionBuilder, x: Value, signed: boolean): Value {
  let n = x;
  let result = i64(2);
  for (let i = 5; i >= 0; i--) {
    const bit = f.icmp('uge', n, i64(1n << BigInt(1 << i)));
    const shift = f.bin('shl', f.cast('zext', bit, I64), i64(i));
    n = f.bin('lshr', n, shift);
    result = f.bin('add', result, shift);
  }
  const zero = f.select(f.icmp('eq', x, i64(0)), i64(1), result);
  return signed ? f.select(f.icmp('slt', x, i64(0)), i64(0), zero) : zero;
}

/** lhist bucket: 0 for x < min, 1 + (x - min) / step inside, last for x >= max. */
export function linearBucket(f: FunctionBuilder, x: Value, l: NonNullable<MapSpec['lhist']>): Value {
  // Only used when x >= min, so the division is unsigned (BPF v3 has no signed division).
  const inside = f.bin('add', f.bin('udiv', f.bin('sub', x, i64(l.min)), i64(l.step)), i64(1));
  const hi = f.select(f.icmp('sge', x, i64(l.max)), i64(l.buckets - 1), inside);
  return f.select(f.icmp('slt', x, i64(l.min)), i64(0), hi);
}

/**
 * Clamp a bucket index so the verifier can prove the access in bounds. The
 * volatile round-trip hides the index's range from LLVM, which would otherwise
 * fold the check away and leave the verifier without it.
 */
function boundedIndex(f: FunctionBuilder, idx: Value, buckets: number): Value {
  const slot = f.alloca(I64, 'idx', 8);
  f.store(idx, slot, 8, true);
  const v = f.load(I64, slot, 8, true);
  return f.select(f.icmp('ugt', v, i64(buckets - 1)), i64(buckets - 1), v);
}

/** Apply one aggregation update `x` (an i64) to the value at `val`. */
export function aggregate(f: FunctionBuilder, spec: MapSpec, val: Value, x: Value): void {
  const signed = spec.value.type === 'int' ? spec.value.signed : true;
  switch (spec.kind) {
    case 'count': addTo(f, word(f, val, 0), i64(1)); break;
    case 'sum': addTo(f, word(f, val, 0), x); break;
    case 'avg': case 'stats':
      addTo(f, word(f, val, 0), x);
      addTo(f, word(f, val, 1), i64(1));
      break;
    case 'min': case 'max': {
      const vp = word(f, val, 0);
      const setp = word(f, val, 1);
      const cur = f.load(I64, vp, 8);
      const isSet = f.icmp('ne', f.load(I64, setp, 8), i64(0));
      const pred = spec.kind === 'min' ? (signed ? 'slt' : 'ult') : signed ? 'sgt' : 'ugt';
      const better = f.icmp(pred, x, cur);
      const take = f.emit('i1', `select i1 ${isSet.ref}, i1 ${better.ref}, i1 true`);
      f.store(f.select(take, x, cur), vp, 8);
      f.store(i64(1), setp, 8);
      break;
    }
    case 'hist': {
      const idx = boundedIndex(f, log2Bucket(f, x, signed), HIST_BUCKETS);
      addTo(f, word(f, val, idx), i64(1));
      break;
    }
    case 'lhist': {
      const l = spec.lhist!;
      const idx = boundedIndex(f, linearBucket(f, x, l), l.buckets);
      addTo(f, word(f, val, idx), i64(1));
      break;
    }
    default:
      break;
  }
}
