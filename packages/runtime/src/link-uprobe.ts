// uprobe / uretprobe on a binary, by symbol name (libbpf resolves it in the ELF) or offset.
import { accessSync, constants } from 'node:fs';
import { native } from './libbpf.js';
import { libbpfAttach, type Link } from './link.js';
import { BpfError } from './errors.js';
import type { BpfProgram } from './object.js';

export interface UprobeTarget {
  binary: string;
  symbol?: string;
  /** Offset from the symbol, or from the file start when there is no symbol. */
  offset: number;
  retprobe: boolean;
  /** Only this process; omitted or -1 for every process running the binary. */
  pid?: number;
  cookie: number | bigint;
}

export function uprobeTargetName(t: UprobeTarget): string {
  const where = t.symbol ? (t.offset ? `${t.symbol}+${t.offset}` : t.symbol) : `0x${t.offset.toString(16)}`;
  return `${t.retprobe ? 'uretprobe' : 'uprobe'}:${t.binary}:${where}`;
}

export function attachUprobe(prog: BpfProgram, t: UprobeTarget): Link {
  const target = uprobeTargetName(t);
  // libbpf searches library paths for bare names ("libc.so.6"); check only real paths.
  // Readable is enough: shared libraries are often not executable (mode 0644), and bpftrace accepts them.
  if (t.binary.includes('/')) {
    try {
      accessSync(t.binary, constants.R_OK);
    } catch {
      throw new BpfError(`uprobe target file '${t.binary}' does not exist or is not executable`, 2);
    }
  }
  const { bpf, types } = native();
  const opts = {
    sz: types.bpf_uprobe_opts.size, ref_ctr_offset: 0, bpf_cookie: BigInt(t.cookie),
    retprobe: t.retprobe, func_name: t.symbol ?? null,
  };
  return libbpfAttach(target, () => bpf.bpf_program__attach_uprobe_opts(prog.ptr, t.pid ?? -1, t.binary, t.offset, opts),
    (errno) => errno === 2 && t.symbol
      ? `Could not resolve symbol: ${t.binary}:${t.symbol}`
      : `Error attaching probe: '${target}'`);
}
