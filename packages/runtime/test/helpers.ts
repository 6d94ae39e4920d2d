// Shared test setup: compile the BPF C programs and the workload, detect
// whether BPF is usable here, and count kernel objects with bpftool.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preflight } from '../src/index.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const bpfDir = join(here, 'bpf');
const outDir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-runtime-'));

function which(cmd: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; }
}

/** Why kernel tests can't run here, or undefined. Printed loudly by each suite that skips. */
export const skipReason: string | undefined = (() => {
  const pre = preflight();
  if (pre) return pre;
  if (!which('clang-14')) return 'clang-14 is not installed';
  if (!which('gcc')) return 'gcc is not installed';
  if (!existsSync('/sys/fs/bpf') && !existsSync('/sys/kernel/btf/vmlinux')) return 'BPF is not available';
  return undefined;
})();

export function warnSkip(suite: string): void {
  if (skipReason) console.warn(`\n!!! SKIPPING ${suite}: ${skipReason} — these tests need root and a BPF-capable kernel !!!\n`);
}

const arch = process.arch === 'arm64' ? 'arm64' : 'x86';
const multiarch = execFileSync('uname', ['-m']).toString().trim() + '-linux-gnu';

/** Compile test/bpf/NAME.bpf.c and return the object bytes. */
export function compileBpf(name: string): Uint8Array {
  const out = join(outDir, `${name}.bpf.o`);
  if (!existsSync(out)) {
    execFileSync('clang-14', ['-g', '-O2', '-target', 'bpf', `-D__TARGET_ARCH_${arch}`, `-I/usr/include/${multiarch}`,
      '-c', join(bpfDir, `${name}.bpf.c`), '-o', out], { stdio: 'inherit' });
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
const list = (what: string): KObj[] => {
  const out = execFileSync('bpftool', ['-j', what, 'show']).toString().trim();
  return out ? (JSON.parse(out) as KObj[]) : [];
};

/** Snapshot of BPF programs and links; `leaked(names)` lists ours that appeared since and still exist. */
export function kernelSnapshot() {
  const before = { progs: new Set(list('prog').map((p) => p.id)), links: new Set(list('link').map((l) => l.id)) };
  return {
    leaked(progNames: string[]): { progs: KObj[]; links: KObj[] } {
      const progs = list('prog').filter((p) => !before.progs.has(p.id) && progNames.includes(p.name ?? ''));
      const ours = new Set(progs.map((p) => p.id));
      const links = list('link').filter((l) => !before.links.has(l.id) && ours.has(l.prog_id ?? -1));
      return { progs, links };
    },
    /** Our programs/links that exist right now (to prove the check can see them). */
    count(progNames: string[]): { progs: number; links: number } {
      const l = this.leaked(progNames);
      return { progs: l.progs.length, links: l.links.length };
    },
  };
}

/** Little-endian helpers for keys and values. */
export const u32 = (n: number) => { const b = new Uint8Array(4); new DataView(b.buffer).setUint32(0, n, true); return b; };
export const readU64 = (b: Uint8Array, off = 0) => new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(off, true);
export const sumU64 = (values: Uint8Array[]) => values.reduce((s, v) => s + readU64(v), 0n);
