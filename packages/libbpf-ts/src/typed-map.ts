// Typed views of a BpfMap: a codec per key and value type turns the map's bytes
// into numbers, bigints or whatever the caller decodes (little-endian, as BPF on
// x86_64 and arm64).
import { BpfMap } from './map.js';
import { BpfError } from './errors.js';

export interface Codec<T> {
  readonly size: number;
  encode(value: T): Uint8Array;
  decode(bytes: Uint8Array): T;
}

const view = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);
const fixed = <T>(size: number, set: (v: DataView, x: T) => void, get: (v: DataView) => T): Codec<T> => ({
  size,
  encode: (x) => { const b = new Uint8Array(size); set(view(b), x); return b; },
  decode: (b) => get(view(b)),
});

export const u32 = fixed<number>(4, (v, x) => v.setUint32(0, x, true), (v) => v.getUint32(0, true));
export const i32 = fixed<number>(4, (v, x) => v.setInt32(0, x, true), (v) => v.getInt32(0, true));
export const u64 = fixed<bigint>(8, (v, x) => v.setBigUint64(0, x, true), (v) => v.getBigUint64(0, true));
export const i64 = fixed<bigint>(8, (v, x) => v.setBigInt64(0, x, true), (v) => v.getBigInt64(0, true));
/** Raw bytes of a fixed size (structs the caller lays out itself). */
export const bytes = (size: number): Codec<Uint8Array> => ({ size, encode: (x) => x, decode: (b) => b });

export class TypedMap<K, V> {
  constructor(readonly map: BpfMap, private readonly key: Codec<K>, private readonly value: Codec<V>) {
    if (key.size !== map.keySize || value.size !== map.valueSize) {
      throw new BpfError(`map ${map.name}: codecs of ${key.size}/${value.size} bytes for a map of ${map.keySize}/${map.valueSize}`);
    }
  }

  /** The value at `k` (for a per-CPU map, CPU 0's: see lookupPerCpu), or undefined. */
  lookup(k: K): V | undefined {
    const v = this.map.lookup(this.key.encode(k));
    return v ? this.value.decode(v[0]!) : undefined;
  }

  /** One value per possible CPU (one value for other maps), or undefined. */
  lookupPerCpu(k: K): V[] | undefined {
    return this.map.lookup(this.key.encode(k))?.map((b) => this.value.decode(b));
  }

  update(k: K, v: V | V[], flags = 0n): void {
    const values = Array.isArray(v) ? v.map((x) => this.value.encode(x)) : this.value.encode(v);
    this.map.update(this.key.encode(k), values, flags);
  }

  delete(k: K): boolean {
    return this.map.delete(this.key.encode(k));
  }

  keys(): K[] {
    return this.map.keys().map((b) => this.key.decode(b));
  }

  /** Every key with its value(s), per CPU for per-CPU maps. */
  entries(): [K, V[]][] {
    return this.map.entries().map((e) => [this.key.decode(e.key), e.values.map((b) => this.value.decode(b))]);
  }
}
