// uprobe / uretprobe on a binary at a file offset, or at a function libbpf resolves
// from the binary's symbol table (`func`, with `offset` then relative to it).
import { native } from './libbpf.js';
import { libbpfAttach, type Link } from './link.js';
import type { BpfProgram } from './object.js';

export interface UprobeTarget {
  /** A path, or a bare library name libbpf looks up ("libc.so.6"). */
  binary: string;
  /** Function name for libbpf to resolve; omitted when `offset` is already a file offset. */
  func?: string;
  /** File offset (without `func`), or offset from the function's start (with it). */
  offset: number | bigint;
  retprobe: boolean;
  /** Only this process; omitted or -1 for every process running the binary. */
  pid?: number;
  /** File offset of a USDT semaphore the kernel counts while the uprobe is attached (0: none). */
  refCtrOffset?: number | bigint;
  cookie: number | bigint;
}

export function attachUprobe(prog: BpfProgram, t: UprobeTarget): Link {
  const where = t.func ? (t.offset ? `${t.func}+${t.offset}` : t.func) : `0x${t.offset.toString(16)}`;
  const target = `${t.retprobe ? 'uretprobe' : 'uprobe'}:${t.binary}:${where}`;
  const { bpf, types } = native();
  const opts = {
    sz: types.bpf_uprobe_opts.size, ref_ctr_offset: Number(t.refCtrOffset ?? 0), bpf_cookie: BigInt(t.cookie), retprobe: t.retprobe, func_name: t.func ?? null,
  };
  return libbpfAttach(target, () => bpf.bpf_program__attach_uprobe_opts(prog.ptr, t.pid ?? -1, t.binary, Number(t.offset), opts),
    (errno) => errno === 2 ? { kind: 'not-found' } : undefined);
}
