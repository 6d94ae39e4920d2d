// USDT probes through libbpf's bpf_program__attach_usdt: libbpf reads the binary's
// .note.stapsdt, fills the object's __bpf_usdt_specs map and attaches a uprobe per
// call site. libbpf uses the BPF cookie for its spec id, so the caller's cookie
// travels as the usdt cookie (bpf_usdt_cookie() in the program).
import { native } from './libbpf.js';
import { libbpfAttach, type Link } from './link.js';
import type { BpfProgram } from './object.js';

export interface UsdtTarget {
  binary: string;
  provider: string;
  name: string;
  /** Only this process; omitted or -1 for every process running the binary. */
  pid?: number;
  cookie: number | bigint;
}

export function attachUsdt(prog: BpfProgram, t: UsdtTarget): Link {
  const target = `usdt:${t.binary}:${t.provider}:${t.name}`;
  const { bpf, types } = native();
  const opts = { sz: types.bpf_usdt_opts.size, usdt_cookie: BigInt(t.cookie) };
  return libbpfAttach(target, () => bpf.bpf_program__attach_usdt(prog.ptr, t.pid ?? -1, t.binary, t.provider, t.name, opts),
    (errno) => errno === 2 ? { kind: 'not-found', message: `no usdt probe ${t.provider}:${t.name} in ${t.binary}` } : undefined);
}
