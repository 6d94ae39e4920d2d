// Shared kernel-test setup: compile the BPF C programs and the workload, detect
// whether BPF is usable here, and count kernel objects with bpftool. The runtime's
// tests build on it (their own programs include test/bpf/common.h).
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { libbpfUnavailable } from '../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
/** This package's test BPF programs (and common.h, for other packages' programs). */
export const bpfDir = join(here, 'bpf');
const outDir = mkdtempSync(join(tmpdir(), 'libbpf-ts-test-'));

/** A path in this run's own temporary directory (unique per run, so checkouts never collide). */
export const tempPath = (name: string): string => join(outDir, name);

function which(cmd: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** Why kernel tests can't run here, or undefined. Printed loudly by each suite that skips. */
export const skipReason: string | undefined = (() => {
  if (process.platform !== 'linux') return `BPF is only available on Linux (this is ${process.platform})`;
  if (typeof process.getuid === 'function' && process.getuid() !== 0) return 'not running as root';
  const pre = libbpfUnavailable();
  if (pre) return pre;
  if (!which('clang-14')) return 'clang-14 is not installed';
  if (!which('gcc')) return 'gcc is not installed';
  if (!existsSync('/sys/fs/bpf') && !existsSync('/sys/kernel/btf/vmlinux')) return 'BPF is not available';
  return undefined;
})();

export function warnSkip(suite: string): void {
  if (skipReason) console.warn(`\n!!! SKIPPED ${suite}: ${skipReason} — these tests need root and a BPF-capable kernel !!!\n`);
}

const arch = process.arch === 'arm64' ? 'arm64' : 'x86';
const multiarch = execFileSync('uname', ['-m']).toString().trim() + '-linux-gnu';

/** Compile DIR/NAME.bpf.c (default: this package's test/bpf) and return the object bytes. */
export function compileBpf(name: string, dir = bpfDir): Uint8Array {
  const out = join(outDir, `${name}.bpf.o`);
  if (!existsSync(out)) {
    execFileSync('clang-14', ['-g', '-O2', '-target', 'bpf', `-D__TARGET_ARCH_${arch}`, `-I/usr/include/${multiarch}`, `-I${bpfDir}`,
      '-c', join(dir, `${name}.bpf.c`), '-o', out], { stdio: 'inherit' });
  }
  return new Uint8Array(readFileSync(out));
}

let workload: string | undefined;
/** Path of the static test workload (rt_workload [-w] OPENS GETPPIDS CALLS). */
export function workloadPath(): string {
  if (!workload) {
    workload = join(outDir, 'rt_workload');
    execFileSync('gcc', ['-O2', '-static', '-o', workload, join(bpfDir, 'workload.c')], { stdio: 'inherit' });
  }
  return workload;
}

/** Start the workload waiting on stdin; go() lets it run and resolves with its exit code. */
export function startWaitingWorkload(opens: number, ppids: number, calls: number) {
  const child = spawn(workloadPath(), ['-w', String(opens), String(ppids), String(calls)], { stdio: ['pipe', 'ignore', 'inherit'] });
  const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
  return {
    pid: child.pid!,
    go: () => { child.stdin!.end('x'); return exited; },
    kill: () => child.kill('SIGKILL'),
  };
}

interface KObj { id: number; name?: string; prog_id?: number }

/** The BPF programs, links and perf events this process holds, from its own fds (/proc/self/fdinfo). */
function ownKernelObjects(): { progs: Map<number, number>; links: Map<number, KObj>; perfFds: Set<number> } {
  const progs = new Map<number, number>(); // prog id -> an fd holding it
  const links = new Map<number, KObj>();
  const perfFds = new Set<number>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      if (target === 'anon_inode:[perf_event]') { perfFds.add(Number(fd)); continue; }
      if (!target.startsWith('anon_inode:bpf')) continue;
      const info = readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8');
      const progId = /^prog_id:\s*(\d+)$/m.exec(info);
      const linkId = /^link_id:\s*(\d+)$/m.exec(info);
      if (linkId) links.set(Number(linkId[1]), { id: Number(linkId[1]), prog_id: progId ? Number(progId[1]) : undefined });
      else if (progId) progs.set(Number(progId[1]), Number(fd));
    } catch { /* closed meanwhile (e.g. readdir's own fd) */ }
  }
  return { progs, links, perfFds };
}

/** Program names by id, from bpftool (only to tell our programs from libbpf's probes). */
function progNames(): Map<number, string> {
  const out = execFileSync('bpftool', ['-j', 'prog', 'show']).toString().trim();
  return new Map((out ? (JSON.parse(out) as KObj[]) : []).map((p) => [p.id, p.name ?? '']));
}

/**
 * Snapshot of what this process holds; `leaked(names)` lists the programs named `names`, their
 * links, and perf event fds (reported among `links`) that this process opened since and still
 * holds. Only the test process's own fds count, so other checkouts or tracers running at the
 * same time never show up: a program or link the runtime forgot to close stays reachable from
 * one of our fds (the runtime pins nothing).
 */
export function kernelSnapshot() {
  const before = ownKernelObjects();
  return {
    leaked(names: string[]): { progs: KObj[]; links: KObj[] } {
      const now = ownKernelObjects();
      const freshProgs = [...now.progs.keys()].filter((id) => !before.progs.has(id));
      const named = freshProgs.length ? progNames() : new Map<number, string>();
      const progs = freshProgs.map((id) => ({ id, name: named.get(id) })).filter((p) => names.includes(p.name ?? ''));
      const ours = new Set(progs.map((p) => p.id));
      const links = [...now.links.values()].filter((l) => !before.links.has(l.id) && (ours.has(l.prog_id ?? -1) || !freshProgs.includes(l.prog_id ?? -1)));
      const perf = [...now.perfFds].filter((fd) => !before.perfFds.has(fd)).map((fd) => ({ id: fd, name: 'perf_event fd' }));
      return { progs, links: [...links, ...perf] };
    },
    /** Our programs/links that exist right now (to prove the check can see them). */
    count(names: string[]): { progs: number; links: number } {
      const l = this.leaked(names);
      return { progs: l.progs.length, links: l.links.filter((x) => x.name !== 'perf_event fd').length };
    },
  };
}

/** Little-endian helpers for keys and values. */
export const u32 = (n: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
export const readU64 = (b: Uint8Array, off = 0) => new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(off, true);
export const sumU64 = (values: Uint8Array[]) => values.reduce((s, v) => s + readU64(v), 0n);
