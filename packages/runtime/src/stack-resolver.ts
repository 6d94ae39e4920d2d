// Resolving kstack/ustack values: the stack id indexes the stack-trace map of
// that kind and depth (Manifest.stackMaps); its value is u64[depth] addresses,
// ending at the first 0. Each is symbolised (kernel: kallsyms; user: the ELF
// files mapped by the pid stored beside the id).
import type { Manifest } from '@bpftrace-ts/artifact';
import type { BpfObject } from '@bpftrace-ts/libbpf-ts';
import type { BpfMap } from '@bpftrace-ts/libbpf-ts';
import type { Resolvers, StackFrame } from './output/index.js';
import { kernelSymbol } from './symbols/index.js';
import { userSymbolFor, type UserSymbolOptions } from './resolvers.js';
import { readU64 } from './output/bytes.js';

export function stackResolver(obj: BpfObject, manifest: Manifest, userSymbols: UserSymbolOptions = {}): NonNullable<Resolvers['stack']> {
  const userSym = userSymbolFor(userSymbols);
  const maps = new Map<string, BpfMap | undefined>();
  return (kind, id, depth, pid) => {
    const k = kind === 'kstack' ? 'kernel' : 'user';
    const spec = manifest.stackMaps?.find((s) => s.kind === k && s.depth === depth);
    if (!spec) return undefined;
    if (!maps.has(spec.bpfName)) maps.set(spec.bpfName, obj.map(spec.bpfName));
    const map = maps.get(spec.bpfName);
    if (!map) return undefined;
    const key = new Uint8Array(4);
    new DataView(key.buffer).setUint32(0, Number(id), true);
    let value: Uint8Array | undefined;
    try {
      value = map.lookup(key)?.[0];
    } catch {
      return undefined;
    }
    if (!value) return undefined;
    const frames: StackFrame[] = [];
    for (let off = 0; off + 8 <= value.length && frames.length < depth; off += 8) {
      const addr = readU64(value, off);
      if (addr === 0n) break;
      const sym = k === 'kernel' ? kernelSymbol(addr) : pid !== undefined ? userSym(addr, pid) : undefined;
      frames.push(sym ? { addr, ...sym } : { addr });
    }
    return frames;
  };
}
