// uprobe / uretprobe on a binary, by symbol name, symbol+offset or address. The symbol
// is resolved here (uprobe-symbols.ts), not by libbpf: libbpf rejects names glibc
// defines at several versions as ambiguous, and bpftrace checks offsets against the
// function's size. libbpf then gets a file offset.
import { accessSync, constants, readFileSync, statSync } from 'node:fs';
import { attachUprobe as attachUprobeAt, BpfError, EINVAL, ENOENT, type BpfProgram, type Link } from '@bpftrace-ts/libbpf-ts';
import { readElf } from './symbols/elf.js';
import { elfFunctions, functionAt, type UserFunction } from './uprobe-symbols.js';

export interface UprobeTarget {
  binary: string;
  symbol?: string;
  /** Offset from the symbol, or the address (virtual, as in the symbol table) when there is no symbol. */
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

interface Image { fns: UserFunction[]; loads: { offset: bigint; vaddr: bigint; filesz: bigint }[] }
const images = new Map<string, { key: string; image: Image | undefined }>();

/** The binary's functions and segments, read once per file version; undefined when not ELF. */
function image(path: string): Image | undefined {
  const st = statSync(path);
  const key = `${st.ino}:${st.size}:${st.mtimeMs}`;
  const had = images.get(path);
  if (had?.key === key) return had.image;
  const elf = readElf(readFileSync(path));
  const fns = elf ? elfFunctions(elf) : undefined;
  const img = elf && fns ? { fns, loads: elf.loads } : undefined;
  images.set(path, { key, image: img });
  return img;
}

/**
 * The file offset libbpf attaches at, checked as bpftrace 0.17 checks it: the symbol
 * (or the function holding the address) must exist and the offset lie inside it.
 */
export function uprobeFileOffset(t: UprobeTarget, img: Image): bigint {
  const where = `${t.binary}:${t.symbol ?? `0x${t.offset.toString(16)}`}`;
  let vaddr: bigint;
  if (t.symbol !== undefined) {
    const fn = img.fns.find((f) => f.name === t.symbol);
    if (!fn) throw new BpfError(`Could not resolve symbol: ${where}`, ENOENT);
    if (t.offset > 0 && BigInt(t.offset) >= fn.size) {
      throw new BpfError(`Offset outside the function bounds ('${fn.name}' size is ${fn.size})`, EINVAL);
    }
    vaddr = fn.addr + BigInt(t.offset);
  } else {
    vaddr = BigInt(t.offset);
    if (!functionAt(img.fns, vaddr)) throw new BpfError(`Could not resolve address: ${where}`, ENOENT);
  }
  for (const l of img.loads) if (vaddr >= l.vaddr && vaddr < l.vaddr + l.filesz) return vaddr - l.vaddr + l.offset;
  throw new BpfError(`Could not resolve address: ${where}`, ENOENT);
}

export function attachUprobe(prog: BpfProgram, t: UprobeTarget): Link {
  const target = uprobeTargetName(t);
  let img: Image | undefined;
  // libbpf searches library paths for bare names ("libc.so.6"); check only real paths.
  // Readable is enough: shared libraries are often not executable (mode 0644), and bpftrace accepts them.
  if (t.binary.includes('/')) {
    try {
      accessSync(t.binary, constants.R_OK);
      img = image(t.binary);
    } catch {
      throw new BpfError(`uprobe target file '${t.binary}' does not exist or is not executable`, 2);
    }
  }
  // Without an image of our own (a bare library name, a non-ELF file), libbpf resolves the symbol.
  const fileOffset = img ? uprobeFileOffset(t, img) : BigInt(t.offset);
  try {
    return attachUprobeAt(prog, {
      binary: t.binary, func: img ? undefined : t.symbol, offset: fileOffset, retprobe: t.retprobe, pid: t.pid, cookie: t.cookie,
    });
  } catch (e) {
    if (!(e instanceof BpfError)) throw e;
    const message = e.errno === 2 && t.symbol ? `Could not resolve symbol: ${t.binary}:${t.symbol}` : `Error attaching probe: '${target}'`;
    throw new BpfError(message, e.errno, e.log, e.kind, target);
  }
}
