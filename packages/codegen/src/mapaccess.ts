// Map reads and keys: the key buffer laid out as the map's MapSpec says, and
// reads that yield 0 (or a zeroed buffer) when the key is absent.

import { run, type MapRef, type Step } from '@bpftrace-ts/parser';
import type { ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { genIntoS } from './expressions.js';
import { callHelper } from './helpers.js';
import { checkLookupResult } from './helper-errors.js';
import { I64, I8P, Value, i64 } from './ir-builder.js';
import { isScalar, loadScalar } from './layout.js';
import { layoutSize } from './manifest.js';
import { scriptMapRef, zeroBuffer, zeroKey } from './maps.js';

/** Build a map's key buffer (u32 0 for a keyless map). */
export function genMapKey(p: ProbeCtx, m: MapRef): Value {
  return run(genMapKeyS(p, m));
}

export function* genMapKeyS(p: ProbeCtx, m: MapRef): Step<Value> {
  const cg = p.m.maps.get(m.name);
  if (!cg || m.keys.length === 0) return zeroKey(p.f);
  const spec = cg.spec;
  const key = zeroBuffer(p.f, spec.keySize, 'key');
  for (const [i, k] of m.keys.entries()) {
    const field = spec.keys[i];
    if (field) yield* genIntoS(p, key, field.offset, k, field.layout);
  }
  return key;
}

export function* genMapReadS(p: ProbeCtx, e: MapRef): Step<Value> {
  const f = p.f;
  const cg = p.m.maps.get(e.name);
  if (!cg) {
    unsupported(p.m, `map ${e.name} without MapInfo`, e.range);
    return i64(0);
  }
  const l = cg.spec.value;
  const key = yield* genMapKeyS(p, e);
  const v = callHelper(f, 'map_lookup_elem', I8P, [scriptMapRef(cg), key]);
  checkLookupResult(p.m, f, v, { range: e.range });
  const have = f.newBlock('mapval');
  const join = f.newBlock('mapread');
  const before = f.current;
  if (isScalar(l)) {
    f.condBr(f.icmp('ne', v, { type: I8P, ref: 'null' }), have, join);
    f.setBlock(have);
    const x = loadScalar(f, v, 0, l);
    f.br(join);
    f.setBlock(join);
    return f.phi(I64, [[i64(0), before], [x, have]]);
  }
  const out = zeroBuffer(f, cg.spec.valueSize, 'mapval');
  f.condBr(f.icmp('ne', v, { type: I8P, ref: 'null' }), have, join);
  f.setBlock(have);
  f.memcpy(out, v, layoutSize(l));
  f.br(join);
  f.setBlock(join);
  return out;
}

