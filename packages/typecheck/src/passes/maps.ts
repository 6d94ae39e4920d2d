// Map typing by first use: the first assignment fixes the value type (integers
// widened to 64 bits, aggregations by kind) and the first use fixes the key types;
// later mismatches are reported with bpftrace 0.17's wording.
import type { MapRef, SizedType, AggKind } from '@bpftrace-ts/parser';
import type { Context } from './context.js';
import type { MapInfo } from '../checked.js';
import { widen, compatible, typeName } from '../sized.js';
import { keyType } from './expressions.js';

/** bpftrace 0.17 rejects a tuple as (one of) a map's keys, at the map. */
function rejectTupleKey(ctx: Context, m: MapRef, keyTypes: SizedType[]): boolean {
  if (!keyTypes.some((k) => k.tag === 'tuple')) return false;
  ctx.error('type/tuple-map-key',
    'tuple cannot be used as a map key. Try a multi-key associative array instead (eg `@map[$1, $2] = ...)`.', m.range);
  return true;
}

export function checkMapKeys(ctx: Context, m: MapRef, keyTypes: SizedType[]): void {
  if (keyTypes.some((k) => k.tag === 'none')) return;
  if (rejectTupleKey(ctx, m, keyTypes)) return;
  const got = keyTypes.map(keyType);
  const info = ctx.maps.get(m.name);
  if (!info) return;
  const ok = info.keyTypes.length === got.length && info.keyTypes.every((k, i) => compatible(k, got[i]!));
  if (!ok) {
    ctx.error('type/map-key-mismatch',
      `Argument mismatch for ${m.name}: trying to access with arguments: [${got.map(typeName).join(', ')}] ` +
      `when map expects arguments: [${info.keyTypes.map(typeName).join(', ')}]`, m.range);
    return;
  }
  // Strings of different lengths share a map: keep the longest so nothing truncates.
  got.forEach((k, i) => {
    const have = info.keyTypes[i]!;
    if (k.tag === 'string' && have.tag === 'string' && k.size > have.size) info.keyTypes[i] = k;
  });
}

export interface AggValue {
  agg: AggKind;
  signed: boolean;
  lhist?: MapInfo['lhist'];
}

/** Record `@m[keys] = value` (value's type, or an aggregation). */
export function assignMap(ctx: Context, m: MapRef, keyTypes: SizedType[], value: SizedType, agg?: AggValue): void {
  const stored: SizedType = agg ? { tag: 'agg', agg: agg.agg, signed: agg.signed } : widen(value);
  const existing = ctx.maps.get(m.name);
  if (!existing) {
    if (rejectTupleKey(ctx, m, keyTypes)) {
      m.type = stored;
      return;
    }
    if (stored.tag === 'none' || keyTypes.some((k) => k.tag === 'none')) {
      // Not typeable yet (depends on something typed later); a later pass settles it.
      const prev = ctx.knownMaps.get(m.name);
      if (prev) ctx.setMap(m.name, { ...prev, keyTypes: [...prev.keyTypes] });
      m.type = prev?.value ?? stored;
      return;
    }
    const info: MapInfo = { name: m.name, keyTypes: keyTypes.map(keyType), value: stored };
    if (agg) info.agg = agg.agg;
    if (agg?.lhist) info.lhist = agg.lhist;
    ctx.setMap(m.name, info);
    m.type = stored;
    return;
  }
  checkMapKeys(ctx, m, keyTypes);
  m.type = existing.value;
  if (stored.tag === 'none') return;
  if (!compatible(existing.value, stored)) {
    // bpftrace 0.17 leaves the closing quote off this message.
    ctx.error('type/map-value-mismatch',
      `Type mismatch for ${m.name}: trying to assign value of type '${typeName(stored)}' ` +
      `when map already contains a value of type '${typeName(existing.value)}`, m.range);
    return;
  }
  if (stored.tag === 'string' && existing.value.tag === 'string' && stored.size > existing.value.size) {
    existing.value = stored;
    m.type = stored;
  }
  if (stored.tag === 'agg' && existing.value.tag === 'agg' && stored.signed && !existing.value.signed) {
    existing.value = stored;
  }
}
