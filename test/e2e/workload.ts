// Builds test-fixtures/workload/workload.c once per process into a temp dir.
// The binary is named bpfts_workload so its comm (15 chars max) is distinctive.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

export const WORKLOAD_COMM = 'bpfts_workload';

export interface Workload {
  /** Directory the tracer runs in; the workload creates its files there. */
  dir: string;
  binary: string;
}

let built: Workload | undefined;

export function buildWorkload(): Workload {
  if (built) return built;
  // Under /tmp on this VM, i.e. on a real block device (vda), which the block fixture needs.
  const dir = mkdtempSync(join(tmpdir(), 'bpfts-e2e-'));
  const binary = join(dir, WORKLOAD_COMM);
  const source = join(repoRoot, 'test-fixtures/workload/workload.c');
  // Static: no dynamic loader adding openat/read/mmap calls that vary by distro.
  execFileSync('gcc', ['-static', '-O2', '-Wall', '-Werror', '-o', binary, source], { stdio: 'pipe' });
  built = { dir, binary };
  return built;
}

/** Removes the build directory (call once all runs are done). */
export function removeWorkload(): void {
  if (built) rmSync(built.dir, { recursive: true, force: true });
  built = undefined;
}

/** The workload announces "bpfts_workload pid N" on stderr (see workload.c). */
export function workloadPids(stderr: string): number[] {
  return [...stderr.matchAll(/^bpfts_workload pid +(\d+)$/gm)].map((m) => Number(m[1]));
}
