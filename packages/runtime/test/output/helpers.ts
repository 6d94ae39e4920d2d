// Builders for map specs, keys, per-CPU values and event records in codegen's byte layout
// (manifest.ts), and loading of the bpftrace 0.17 recordings in test-fixtures/output/.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { EventField, MapKind, MapSpec, ValueLayout } from '@bpftrace-ts/codegen';
import { layoutSize } from '@bpftrace-ts/codegen';
import type { MapEntry } from '../../src/output/index.js';

const FIXTURES = fileURLToPath(new URL('../../../../test-fixtures/output/', import.meta.url));

export function expected(name: string, format: 'text' | 'json'): string {
  return readFileSync(`${FIXTURES}${name}${format === 'json' ? '.json' : ''}.expected`, 'utf8');
}

export const i64: ValueLayout = { type: 'int', size: 8, signed: true };
export const u64: ValueLayout = { type: 'int', size: 8, signed: false };
export const str = (size = 64): ValueLayout => ({ type: 'string', size });
export const probe: ValueLayout = { type: 'probe' };

export function tuple(...layouts: ValueLayout[]): ValueLayout {
  let off = 0;
  const fields = layouts.map((layout) => {
    const f = { offset: off, layout };
    off += layoutSize(layout);
    return f;
  });
  return { type: 'tuple', size: off, fields };
}

/** A MapSpec as codegen would describe it; key fields packed in order. */
export function spec(name: string, kind: MapKind, keys: ValueLayout[], opts: {
  value?: ValueLayout; hist?: number; lhist?: [number, number, number];
} = {}): MapSpec {
  const t = tuple(...keys) as Extract<ValueLayout, { type: 'tuple' }>;
  const value = opts.value ?? i64;
  const lhist = opts.lhist && {
    min: opts.lhist[0], max: opts.lhist[1], step: opts.lhist[2],
    buckets: (opts.lhist[1] - opts.lhist[0]) / opts.lhist[2] + 2,
  };
  const buckets = kind === 'hist' ? opts.hist ?? 66 : lhist?.buckets ?? 0;
  const valueSize = kind === 'value' ? layoutSize(value)
    : kind === 'hist' || kind === 'lhist' ? 8 * buckets
    : kind === 'count' || kind === 'sum' ? 8 : 16;
  return {
    name, bpfName: 'm' + name.replace(/\W/g, '_'), kind,
    bpfType: kind === 'value' ? (keys.length ? 'hash' : 'array') : keys.length ? 'percpu_hash' : 'percpu_array',
    keys: t.fields, keySize: keys.length ? t.size : 4, value, valueSize, maxEntries: 4096,
    ...(kind === 'hist' ? { hist: { buckets } } : {}),
    ...(lhist ? { lhist } : {}),
  };
}

/** Encodes values by layout into one buffer (ints, strings, tuples). */
export function encode(layout: ValueLayout, v: unknown): Uint8Array {
  const out = new Uint8Array(layoutSize(layout));
  write(out, 0, layout, v);
  return out;
}

function write(out: Uint8Array, off: number, layout: ValueLayout, v: unknown): void {
  const dv = new DataView(out.buffer, out.byteOffset, out.byteLength);
  switch (layout.type) {
    case 'int': {
      const b = BigInt(v as number | bigint);
      if (layout.size === 8) dv.setBigUint64(off, BigInt.asUintN(64, b), true);
      else if (layout.size === 4) dv.setUint32(off, Number(BigInt.asUintN(32, b)), true);
      else if (layout.size === 2) dv.setUint16(off, Number(BigInt.asUintN(16, b)), true);
      else dv.setUint8(off, Number(BigInt.asUintN(8, b)));
      return;
    }
    case 'string': out.set(new TextEncoder().encode(v as string).subarray(0, layout.size), off); return;
    case 'tuple': layout.fields.forEach((f, i) => write(out, off + f.offset, f.layout, (v as unknown[])[i])); return;
    case 'probe': case 'username': case 'ksym': case 'usym': dv.setBigUint64(off, BigInt(v as number), true); return;
    default: out.set(v as Uint8Array, off);
  }
}

/** The key bytes of a map entry; a map without key uses a u32 0. */
export function key(s: MapSpec, ...parts: unknown[]): Uint8Array {
  if (s.keys.length === 0) return new Uint8Array(4);
  const out = new Uint8Array(s.keySize);
  s.keys.forEach((k, i) => write(out, k.offset, k.layout, parts[i]));
  return out;
}

const u64s = (...xs: (number | bigint)[]): Uint8Array => {
  const out = new Uint8Array(8 * xs.length);
  const dv = new DataView(out.buffer);
  xs.forEach((x, i) => dv.setBigUint64(8 * i, BigInt.asUintN(64, BigInt(x)), true));
  return out;
};

/** count/sum: one 8-byte value per CPU. */
export const perCpu = (...xs: (number | bigint)[]): Uint8Array[] => xs.map((x) => u64s(x));
/** min/max: { value, isSet } per CPU; undefined = this CPU never set it. */
export const minmax = (...xs: (number | undefined)[]): Uint8Array[] => xs.map((x) => (x === undefined ? u64s(0, 0) : u64s(x, 1)));
/** avg/stats: { total, count } per CPU. */
export const avgs = (...xs: [number, number][]): Uint8Array[] => xs.map(([t, c]) => u64s(t, c));

/** hist buckets for the given values (log2 layout: 0 negative, 1 zero, i: [2^(i-2), 2^(i-1))), capped at `cap`. */
export function histCounts(values: (number | bigint)[], buckets = 66, cap = buckets - 1): bigint[] {
  const c: bigint[] = new Array(buckets).fill(0n);
  for (const x of values) {
    const v = BigInt(x);
    const i = v < 0n ? 0 : v === 0n ? 1 : Math.min(v.toString(2).length + 1, cap);
    c[i]!++;
  }
  return c;
}

export function lhistCounts(values: number[], min: number, max: number, step: number): bigint[] {
  const n = (max - min) / step + 2;
  const c: bigint[] = new Array(n).fill(0n);
  for (const v of values) c[v < min ? 0 : v >= max ? n - 1 : Math.floor((v - min) / step) + 1]!++;
  return c;
}

/** Splits bucket counts over two CPUs (alternating) to exercise combining. */
export function splitBuckets(c: bigint[]): Uint8Array[] {
  const a = c.map((x) => x / 2n), b = c.map((x, i) => x - a[i]!);
  return [u64s(...a), u64s(...b)];
}

export function entry(k: Uint8Array, values: Uint8Array[]): MapEntry {
  return { key: k, values };
}

/** An event record: u64 event id, then each field packed in order; returns the record and fields. */
export function record(...args: [ValueLayout, unknown][]): { bytes: Uint8Array; fields: EventField[] } {
  let off = 8;
  const fields = args.map(([layout]) => {
    const f = { offset: off, layout };
    off += Math.max(8, layoutSize(layout));
    return f;
  });
  const bytes = new Uint8Array(off);
  args.forEach(([layout, v], i) => write(bytes, fields[i]!.offset, layout, v));
  return { bytes, fields };
}

/** Compares outputs where entries with equal values may come in any order (bpftrace does not fix it). */
export function sameUpToTies(actual: string, exp: string, format: 'text' | 'json'): boolean {
  if (format === 'text') return [...actual.split('\n')].sort().join('\n') === [...exp.split('\n')].sort().join('\n');
  const norm = (s: string) => s.split('\n').map((l) => (l ? JSON.stringify(sortDeep(JSON.parse(l))) : l));
  return JSON.stringify(norm(actual)) === JSON.stringify(norm(exp));
}

function sortDeep(x: unknown): unknown {
  if (Array.isArray(x)) return x.map(sortDeep);
  if (x && typeof x === 'object') {
    return Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortDeep(v)]));
  }
  return x;
}
