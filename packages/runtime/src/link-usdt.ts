// USDT probes: a uprobe at each call site of the probe named in the binary's
// .note.stapsdt, its BPF cookie the id of a spec (codegen's usdt-spec.ts) written into
// the object's `__bpf_usdt_specs` array first, which tells the program where each
// argument is and carries our probe id. A semaphore, when the probe has one, is
// counted by the kernel (the uprobe's ref_ctr_offset). This is what libbpf's
// bpf_program__attach_usdt does; ours reads addr+index arguments (`8@-8(%rsp,%rax,8)`),
// which libbpf 1.1 cannot.
import { accessSync, constants, readFileSync } from 'node:fs';
import { encodeUsdtSpec, USDT_SPECS_MAP } from '@bpftrace-ts/artifact';
import {
  attachUprobe, LinkGroup, destroyAll, BpfError, EINVAL, ENOENT, type Link, type BpfObject, type BpfProgram, type BpfMap,
} from '@bpftrace-ts/libbpf-ts';
import { readElf, type ElfImage } from './symbols/elf.js';
import { readUsdtNotes, type UsdtNote } from './symbols/usdt-notes.js';
import { parseUsdtArgs } from './symbols/usdt-args.js';

export interface UsdtTarget {
  binary: string;
  provider: string;
  name: string;
  /** Only this process; omitted or -1 for every process running the binary. */
  pid?: number;
  cookie: number | bigint;
}

/** Spec ids of one object's `__bpf_usdt_specs`, handed out in order. */
export class UsdtSpecTable {
  private next = 0;
  constructor(private map: BpfMap) {}
  static of(obj: BpfObject): UsdtSpecTable | undefined {
    const m = obj.map(USDT_SPECS_MAP);
    return m ? new UsdtSpecTable(m) : undefined;
  }
  add(spec: Uint8Array): number {
    if (this.next >= this.map.maxEntries) throw new BpfError(`too many usdt call sites (at most ${this.map.maxEntries})`, EINVAL);
    const id = this.next++;
    const key = new Uint8Array(4);
    new DataView(key.buffer).setUint32(0, id, true);
    this.map.update(key, spec);
    return id;
  }
}

/** Where the kernel puts the uprobe and the semaphore of a call site: file offsets. */
export function usdtSiteOffsets(elf: ElfImage, note: UsdtNote): { offset: bigint; semaphore: bigint } | undefined {
  // A prelinked file moved .stapsdt.base since the note was written: the sites moved with it.
  const baseSec = elf.sections.find((s) => s.name === '.stapsdt.base');
  const pc = baseSec && note.base !== 0n ? note.pc + baseSec.addr - note.base : note.pc;
  const seg = elf.loads.find((l) => pc >= l.vaddr && pc < l.vaddr + l.filesz);
  if (!seg) return undefined;
  let semaphore = 0n;
  if (note.semaphore !== 0n) {
    const SHT_NOBITS = 8;
    const sec = elf.sections.find((s) => s.type !== SHT_NOBITS && s.addr !== 0n && note.semaphore >= s.addr && note.semaphore < s.addr + BigInt(s.size));
    if (!sec) return undefined;
    semaphore = note.semaphore - sec.addr + BigInt(sec.offset);
  }
  return { offset: pc - seg.vaddr + seg.offset, semaphore };
}

export function attachUsdt(prog: BpfProgram, t: UsdtTarget, specs?: UsdtSpecTable): Link {
  const target = `usdt:${t.binary}:${t.provider}:${t.name}`;
  let bytes: Uint8Array;
  try {
    accessSync(t.binary, constants.R_OK);
    bytes = readFileSync(t.binary);
  } catch {
    throw new BpfError(`usdt target file '${t.binary}' does not exist or is not readable`, 2);
  }
  if (!t.provider) throw new BpfError(`${target}: the provider must be named (usdt:binary:provider:name)`, 22);
  if (!specs) throw new BpfError(`${target}: the BPF object has no ${USDT_SPECS_MAP} map`, EINVAL);
  const elf = readElf(bytes);
  const notes = elf ? readUsdtNotes(bytes).filter((n) => n.provider === t.provider && n.name === t.name) : [];
  if (!elf || notes.length === 0) throw new BpfError(`Could not find usdt probe ${t.provider}:${t.name} in ${t.binary}`, ENOENT);
  const links: Link[] = [];
  try {
    for (const note of notes) {
      const site = usdtSiteOffsets(elf, note);
      if (!site) throw new BpfError(`${target}: cannot place the call site at 0x${note.pc.toString(16)} in the file`, EINVAL);
      const args = parseUsdtArgs(note.args);
      if (typeof args === 'string') throw new BpfError(`${target}: ${args}`, EINVAL);
      const id = specs.add(encodeUsdtSpec(args, BigInt(t.cookie)));
      try {
        links.push(attachUprobe(prog, { binary: t.binary, offset: site.offset, refCtrOffset: site.semaphore, retprobe: false, pid: t.pid, cookie: id }));
      } catch (e) {
        if (!(e instanceof BpfError)) throw e;
        throw new BpfError(`Error attaching probe: '${target}'`, e.errno, e.log, e.kind, target);
      }
    }
  } catch (e) {
    destroyAll(links);
    throw e;
  }
  return new LinkGroup(target, links);
}
