// Batch operations (BPF_MAP_*_BATCH, kernel 5.6+ for hash and array maps): many
// entries per syscall instead of one syscall per key. Values are laid out as
// BpfMap's: for per-CPU maps, one 8-byte-aligned slot per possible CPU.
import { native } from './libbpf.js';
import { BpfError, check, ENOENT } from './errors.js';
import { numPossibleCpus, type BpfMap, type MapEntry } from './map.js';

const slot = (m: BpfMap) => (m.perCpu ? Math.ceil(m.valueSize / 8) * 8 : m.valueSize);
const cpus = (m: BpfMap) => (m.perCpu ? numPossibleCpus() : 1);
const opts = () => ({ sz: native().types.bpf_map_batch_opts.size, elem_flags: 0n, flags: 0n });

function split(m: BpfMap, values: Uint8Array, i: number): Uint8Array[] {
  const per = slot(m) * cpus(m);
  return Array.from({ length: cpus(m) }, (_, c) => values.slice(i * per + c * slot(m), i * per + c * slot(m) + m.valueSize));
}

function readAll(m: BpfMap, chunk: number, andDelete: boolean): MapEntry[] {
  const { bpf } = native();
  const call = andDelete ? bpf.bpf_map_lookup_and_delete_batch : bpf.bpf_map_lookup_batch;
  const token = 8 > m.keySize ? 8 : m.keySize; // the kernel's resume token: a bucket (u32) or a key
  const out: MapEntry[] = [];
  let inBatch: Uint8Array | null = null;
  for (;;) {
    const outBatch = new Uint8Array(token);
    const keys = new Uint8Array(m.keySize * chunk);
    const values = new Uint8Array(slot(m) * cpus(m) * chunk);
    const count: [number] = [chunk];
    const ret = call(m.fd, inBatch, outBatch, keys, values, count, opts());
    if (ret < 0 && ret !== -ENOENT) check(ret, `${andDelete ? 'lookup and delete' : 'lookup'} batch in map ${m.name}`);
    for (let i = 0; i < count[0]; i++) out.push({ key: keys.slice(i * m.keySize, (i + 1) * m.keySize), values: split(m, values, i) });
    if (ret === -ENOENT) return out; // the last batch (possibly empty)
    inBatch = outBatch;
  }
}

/** Every entry, `chunk` per syscall. */
export function lookupBatch(m: BpfMap, chunk = 256): MapEntry[] {
  return readAll(m, chunk, false);
}

/** Every entry, removed as read (hash maps only: the kernel refuses arrays). */
export function lookupAndDeleteBatch(m: BpfMap, chunk = 256): MapEntry[] {
  return readAll(m, chunk, true);
}

/** Set many entries in one syscall; for per-CPU maps each entry gives one value per CPU (or one, copied to all). */
export function updateBatch(m: BpfMap, entries: { key: Uint8Array; values: Uint8Array | Uint8Array[] }[], flags = 0n): void {
  if (entries.length === 0) return;
  const per = slot(m) * cpus(m);
  const keys = new Uint8Array(m.keySize * entries.length);
  const values = new Uint8Array(per * entries.length);
  entries.forEach((e, i) => {
    if (e.key.length !== m.keySize) throw new BpfError(`map ${m.name}: key is ${e.key.length} bytes, expected ${m.keySize}`);
    keys.set(e.key, i * m.keySize);
    const list = Array.isArray(e.values) ? e.values : [e.values];
    for (let c = 0; c < cpus(m); c++) values.set(list[Math.min(c, list.length - 1)]!.subarray(0, m.valueSize), i * per + c * slot(m));
  });
  const count: [number] = [entries.length];
  check(native().bpf.bpf_map_update_batch(m.fd, keys, values, count, { ...opts(), elem_flags: flags }), `update batch in map ${m.name}`);
}

/** Delete many keys in one syscall; a missing key fails the call (ENOENT) after the ones before it. */
export function deleteBatch(m: BpfMap, keyList: Uint8Array[]): number {
  if (keyList.length === 0) return 0;
  const keys = new Uint8Array(m.keySize * keyList.length);
  keyList.forEach((k, i) => keys.set(k, i * m.keySize));
  const count: [number] = [keyList.length];
  check(native().bpf.bpf_map_delete_batch(m.fd, keys, count, opts()), `delete batch in map ${m.name}`);
  return count[0];
}
