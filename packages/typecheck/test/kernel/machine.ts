// Test helpers that read this machine's kernel (tests may use node:*; the package may not).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export const TRACEFS = '/sys/kernel/tracing';
export const VMLINUX = '/sys/kernel/btf/vmlinux';

/** Mounts tracefs if it is empty; true when events are readable (tracefs is root's only). */
export function ensureTracefs(): boolean {
  if (!existsSync(`${TRACEFS}/events`)) {
    try { execFileSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS], { stdio: 'ignore' }); } catch { /* not root */ }
  }
  try { return readdirSync(`${TRACEFS}/events`).length > 0; } catch { return false; }
}

/** Every CAT/EVENT directory that has a format file. */
export function formatFiles(): { category: string; event: string; path: string }[] {
  const out: { category: string; event: string; path: string }[] = [];
  for (const category of readdirSync(`${TRACEFS}/events`, { withFileTypes: true })) {
    if (!category.isDirectory()) continue;
    for (const event of readdirSync(`${TRACEFS}/events/${category.name}`, { withFileTypes: true })) {
      const path = `${TRACEFS}/events/${category.name}/${event.name}/format`;
      if (event.isDirectory() && existsSync(path)) out.push({ category: category.name, event: event.name, path });
    }
  }
  return out;
}

export function readText(path: string): string | undefined {
  try { return readFileSync(path, 'utf8'); } catch { return undefined; }
}

export function availableEvents(): string[] {
  return (readText(`${TRACEFS}/available_events`) ?? '').split('\n').filter(Boolean);
}

export function vmlinuxBytes(): Uint8Array | undefined {
  try { return new Uint8Array(readFileSync(VMLINUX)); } catch { return undefined; }
}

export interface BpftoolType {
  id: number; kind: string; name: string; size?: number; type_id?: number; vlen?: number;
  encoding?: string; nr_elems?: number; members?: { name: string; type_id: number; bits_offset: number; bitfield_size?: number }[];
  values?: { name: string; val: number }[]; params?: { name: string; type_id: number }[];
}

let dumped: BpftoolType[] | undefined;
/** `bpftool -j btf dump file vmlinux`: the independent oracle for BTF tests; undefined without bpftool. */
export function bpftoolTypes(): BpftoolType[] | undefined {
  if (dumped) return dumped;
  try {
    const text = execFileSync('bpftool', ['-j', 'btf', 'dump', 'file', VMLINUX], { maxBuffer: 1 << 30, encoding: 'utf8' });
    const types = (JSON.parse(text) as { types: BpftoolType[] }).types;
    dumped = [];
    for (const t of types) dumped[t.id] = t;
    return dumped;
  } catch { return undefined; }
}
