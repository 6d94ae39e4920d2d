// Combines the per-CPU values of one map entry into one value, as manifest.ts specifies.
import type { MapSpec } from '@bpftrace-ts/artifact';
import { readI64, readU64 } from './bytes.js';

export type Combined =
  | { kind: 'scalar'; value: bigint }                      // count, sum, min, max
  | { kind: 'avg'; total: bigint; count: bigint }          // avg, stats
  | { kind: 'buckets'; counts: bigint[] }                  // hist, lhist
  | { kind: 'value'; bytes: Uint8Array };                  // plain value, decoded by layout

/** Whether aggregated integers are signed: from the map's value layout (count is always unsigned). */
export function isSignedAgg(spec: MapSpec): boolean {
  if (spec.kind === 'count') return false;
  return spec.value.type === 'int' ? spec.value.signed : true;
}

function wrap(v: bigint, signed: boolean): bigint {
  return signed ? BigInt.asIntN(64, v) : BigInt.asUintN(64, v);
}

/**
 * Returns undefined when the entry holds nothing to print: a min/max that no CPU has set
 * (bpftrace shows no entry then).
 */
export function combine(spec: MapSpec, values: Uint8Array[]): Combined | undefined {
  const signed = isSignedAgg(spec);
  const read = signed ? readI64 : readU64;
  switch (spec.kind) {
    case 'count': case 'sum': {
      let v = 0n;
      for (const b of values) v += read(b, 0);
      return { kind: 'scalar', value: wrap(v, signed) };
    }
    case 'min': case 'max': {
      let best: bigint | undefined;
      for (const b of values) {
        if (readU64(b, 8) === 0n) continue;              // isSet == 0: this CPU never saw a value
        const v = read(b, 0);
        if (best === undefined || (spec.kind === 'min' ? v < best : v > best)) best = v;
      }
      return best === undefined ? undefined : { kind: 'scalar', value: best };
    }
    case 'avg': case 'stats': {
      let total = 0n, count = 0n;
      for (const b of values) { total += read(b, 0); count += readU64(b, 8); }
      return { kind: 'avg', total: wrap(total, signed), count: BigInt.asUintN(64, count) };
    }
    case 'hist': case 'lhist': {
      const n = (spec.kind === 'hist' ? spec.hist?.buckets : spec.lhist?.buckets) ?? Math.floor(spec.valueSize / 8);
      const counts: bigint[] = new Array(n).fill(0n);
      for (const b of values) for (let i = 0; i < n && 8 * i + 8 <= b.length; i++) counts[i]! += readU64(b, 8 * i);
      return { kind: 'buckets', counts: counts.map((c) => BigInt.asUintN(64, c)) };
    }
    case 'value':
      return values[0] ? { kind: 'value', bytes: values[0] } : undefined;
  }
}

/** avg as bpftrace prints it: C integer division (truncates toward zero); 0 when empty. */
export function average(c: { total: bigint; count: bigint }): bigint {
  return c.count === 0n ? 0n : c.total / c.count;
}
