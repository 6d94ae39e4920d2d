// A BPF map seen from user space: raw bytes in, raw bytes out. Per-CPU maps
// return one value per possible CPU (the kernel pads each to 8 bytes).
import { native } from './libbpf.js';
import { BpfError, check, ENOENT } from './errors.js';
import type { Ptr } from './libbpf.js';

// enum bpf_map_type values (uapi/linux/bpf.h)
export const MapType = {
  HASH: 1, ARRAY: 2, PERCPU_HASH: 5, PERCPU_ARRAY: 6, LRU_HASH: 9, LRU_PERCPU_HASH: 10, RINGBUF: 27,
} as const;

const PER_CPU = new Set<number>([MapType.PERCPU_HASH, MapType.PERCPU_ARRAY, MapType.LRU_PERCPU_HASH]);
const ARRAYS = new Set<number>([MapType.ARRAY, MapType.PERCPU_ARRAY]);

/** One key and its value(s): one per possible CPU for per-CPU maps, else exactly one. */
export interface MapEntry {
  key: Uint8Array;
  values: Uint8Array[];
}

let possibleCpus: number | undefined;

/** Number of possible CPUs (what per-CPU map values are sized by). */
export function numPossibleCpus(): number {
  if (possibleCpus === undefined) possibleCpus = check(native().bpf.libbpf_num_possible_cpus(), 'possible CPUs');
  return possibleCpus;
}

export class BpfMap {
  constructor(
    readonly name: string,
    readonly fd: number,
    readonly type: number,
    readonly keySize: number,
    readonly valueSize: number,
    readonly maxEntries: number,
  ) {}

  static fromLibbpf(p: Ptr): BpfMap {
    const { bpf } = native();
    return new BpfMap(bpf.bpf_map__name(p), bpf.bpf_map__fd(p), bpf.bpf_map__type(p),
      bpf.bpf_map__key_size(p), bpf.bpf_map__value_size(p), bpf.bpf_map__max_entries(p));
  }

  get perCpu(): boolean {
    return PER_CPU.has(this.type);
  }

  get isArray(): boolean {
    return ARRAYS.has(this.type);
  }

  /** Bytes of one value slot as the syscall sees it. */
  private get slot(): number {
    return this.perCpu ? Math.ceil(this.valueSize / 8) * 8 : this.valueSize;
  }

  private get bufferSize(): number {
    return this.perCpu ? this.slot * numPossibleCpus() : this.valueSize;
  }

  /** The value(s) at `key`, or undefined when the key is absent. */
  lookup(key: Uint8Array): Uint8Array[] | undefined {
    this.checkKey(key);
    const buf = new Uint8Array(this.bufferSize);
    const ret = native().bpf.bpf_map_lookup_elem(this.fd, key, buf);
    if (ret === -ENOENT) return undefined;
    check(ret, `lookup in map ${this.name}`);
    return this.split(buf);
  }

  /** Every key, in the kernel's iteration order. */
  keys(): Uint8Array[] {
    const { bpf } = native();
    const out: Uint8Array[] = [];
    let prev: Uint8Array | null = null;
    for (;;) {
      const next = new Uint8Array(this.keySize);
      const ret = bpf.bpf_map_get_next_key(this.fd, prev, next);
      if (ret === -ENOENT) break;
      check(ret, `iterate map ${this.name}`);
      out.push(next);
      prev = next;
      if (out.length > this.maxEntries) break; // a hash map changing under us can restart iteration
    }
    return out;
  }

  /** Every key with its value(s); keys deleted while we read are skipped. */
  entries(): MapEntry[] {
    const out: MapEntry[] = [];
    for (const key of this.keys()) {
      const values = this.lookup(key);
      if (values) out.push({ key, values });
    }
    return out;
  }

  /** Set `key`; for per-CPU maps give one value per possible CPU (or one, copied to all). */
  update(key: Uint8Array, values: Uint8Array | Uint8Array[], flags = 0n): void {
    this.checkKey(key);
    const list = Array.isArray(values) ? values : [values];
    const buf = new Uint8Array(this.bufferSize);
    if (this.perCpu) {
      for (let cpu = 0; cpu < numPossibleCpus(); cpu++) buf.set(list[Math.min(cpu, list.length - 1)]!.subarray(0, this.valueSize), cpu * this.slot);
    } else {
      buf.set(list[0]!.subarray(0, this.valueSize));
    }
    check(native().bpf.bpf_map_update_elem(this.fd, key, buf, flags), `update map ${this.name}`);
  }

  /** Delete `key`; returns false when it was absent. */
  delete(key: Uint8Array): boolean {
    this.checkKey(key);
    const ret = native().bpf.bpf_map_delete_elem(this.fd, key);
    if (ret === -ENOENT) return false;
    check(ret, `delete from map ${this.name}`);
    return true;
  }

  /** Remove every entry (array maps can't delete: their values are zeroed instead). */
  clear(): void {
    if (this.isArray) return this.zero();
    for (const key of this.keys()) this.delete(key);
  }

  /** Keep every key but set its value(s) to zero. */
  zero(): void {
    const zero = new Uint8Array(this.valueSize);
    for (const key of this.keys()) this.update(key, zero);
  }

  private split(buf: Uint8Array): Uint8Array[] {
    if (!this.perCpu) return [buf];
    const out: Uint8Array[] = [];
    for (let cpu = 0; cpu < numPossibleCpus(); cpu++) out.push(buf.slice(cpu * this.slot, cpu * this.slot + this.valueSize));
    return out;
  }

  private checkKey(key: Uint8Array): void {
    if (key.length !== this.keySize) throw new BpfError(`map ${this.name}: key is ${key.length} bytes, expected ${this.keySize}`);
  }
}

