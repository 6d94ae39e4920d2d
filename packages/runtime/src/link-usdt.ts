// USDT probes through libbpf's bpf_program__attach_usdt: libbpf reads the
// binary's .note.stapsdt, fills the object's __bpf_usdt_specs map and attaches
// a uprobe per call site. libbpf uses the BPF cookie for its spec id, so our
// probe id travels as the usdt cookie (in the spec), not as the attach cookie.
// Arguments (arg0..N) are not supported yet: codegen would have to read the specs.
import { accessSync, constants } from 'node:fs';
import { attachUsdt as attachUsdtSites, BpfError, type BpfProgram, type Link } from '@bpftrace-ts/libbpf-ts';

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
  try {
    accessSync(t.binary, constants.R_OK);
  } catch {
    throw new BpfError(`usdt target file '${t.binary}' does not exist or is not readable`, 2);
  }
  if (!t.provider) throw new BpfError(`${target}: the provider must be named (usdt:binary:provider:name)`, 22);
  try {
    return attachUsdtSites(prog, t);
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
    const message = e.errno === 2 ? `Could not find usdt probe ${t.provider}:${t.name} in ${t.binary}` : `Error attaching probe: '${target}'`;
    throw new BpfError(message, e.errno, e.log, e.kind, target);
  }
}
