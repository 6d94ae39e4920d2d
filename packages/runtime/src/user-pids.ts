// User symbols need /proc/PID/maps, which vanish with the process. Detaching
// syscall tracepoints can take seconds (the kernel waits for tasks in
// syscalls), long enough for traced processes to exit; so before detaching,
// the session reads the maps of every pid stored beside a ustack/usym value.
import type { Manifest, ValueLayout } from '@bpftrace-ts/artifact';
import type { BpfObject } from '@bpftrace-ts/libbpf-ts';
import { rememberProcess } from './symbols/index.js';
import { readU64 } from './output/bytes.js';

/** Offsets of the pids (u64) beside ustack/usym values in a layout at `base`. */
function pidOffsets(l: ValueLayout, base: number, out: number[]): number[] {
  if ((l.type === 'ustack' || l.type === 'usym') && l.pidOffset !== undefined) out.push(base + l.pidOffset);
  if (l.type === 'tuple') for (const f of l.fields) pidOffsets(f.layout, base + f.offset, out);
  return out;
}

export function rememberUserPids(obj: BpfObject, manifest: Manifest, extra: number[] = []): void {
  const pids = new Set<bigint>(extra.map(BigInt));
  for (const spec of manifest.maps) {
    const keyOffs = spec.keys.flatMap((k) => pidOffsets(k.layout, k.offset, []));
    const valOffs = spec.kind === 'value' ? pidOffsets(spec.value, 0, []) : [];
    if (!keyOffs.length && !valOffs.length) continue;
    const map = obj.map(spec.bpfName);
    if (!map) continue;
    try {
      for (const { key, values } of map.entries()) {
        for (const o of keyOffs) if (o + 8 <= key.length) pids.add(readU64(key, o));
        for (const v of values) for (const o of valOffs) if (o + 8 <= v.length) pids.add(readU64(v, o));
      }
    } catch { /* best effort: unreadable maps just print addresses */ }
  }
  for (const pid of pids) if (pid > 0n) rememberProcess(pid);
}
