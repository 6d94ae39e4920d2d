// Builds test-fixtures/workload/workload.c once per process into a temp dir.
// The binary's name is its comm (15 chars max): distinctive, and unique per run, so that the
// workloads of two checkouts tested at once never pass each other's filters. The harness
// writes it back as WORKLOAD_COMM in outputs, the name the expectations and filters use.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from './paths.js';

/** The workload's comm as the fixtures' expectations and filters name it. */
export const WORKLOAD_COMM = 'bpfts_workload';

/** A comm for this run: as long as WORKLOAD_COMM (columns keep their width), never equal to it. */
export function uniqueComm(): string {
  return `bpfts_${randomBytes(4).toString('hex')}`;
}

export interface Workload {
  /** Directory the tracer runs in; the workload creates its files there. */
  dir: string;
  binary: string;
  /** This run's comm (the binary's name). */
  comm: string;
}

let built: Workload | undefined;

export function buildWorkload(): Workload {
  if (built) return built;
  // Under /tmp on this VM, i.e. on a real block device (vda), which the block fixture needs.
  const dir = mkdtempSync(join(tmpdir(), 'bpfts-e2e-'));
  const comm = uniqueComm();
  const binary = join(dir, comm);
  const source = join(repoRoot, 'test-fixtures/workload/workload.c');
  // Static: no dynamic loader adding openat/read/mmap calls that vary by distro.
  execFileSync('gcc', ['-static', '-O2', '-Wall', '-Werror', '-o', binary, source], { stdio: 'pipe' });
  built = { dir, binary, comm };
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
