// Runs the built CLI as a subprocess, as a user would.
import { execFileSync, spawnSync, execSync, type SpawnSyncReturns } from 'node:child_process';
import { loaderPaths, withPaths } from './loader-paths.mjs';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const REPO = fileURLToPath(new URL('../../../', import.meta.url));
export const BIN = fileURLToPath(new URL('../bin/bpftrace-ts.js', import.meta.url));
const DIST_MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

/** The end-to-end tests need dist/: build once if it is missing (npm test builds first anyway). */
export function ensureBuilt(): void {
  if (!existsSync(DIST_MAIN)) execSync('npx tsc -b', { cwd: REPO, stdio: 'inherit' });
}

export interface CliResult { stdout: string; stderr: string; code: number | null; signal: NodeJS.Signals | null }

export interface CliOptions {
  input?: string;
  /** Run as user nobody (needs root to switch). */
  asNobody?: boolean;
  timeout?: number;
  cwd?: string;
  /** Variables added to the environment. */
  env?: Record<string, string>;
  /** The CLI's path (default BIN), e.g. a symlink to it. */
  bin?: string;
}

export function cli(args: string[], opts: CliOptions = {}): CliResult {
  const [cmd, argv] = opts.asNobody
    ? ['setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', process.execPath, opts.bin ?? BIN, ...args]]
    : [process.execPath, [opts.bin ?? BIN, ...args]];
  const r: SpawnSyncReturns<string> = spawnSync(cmd, argv, {
    input: opts.input ?? '', encoding: 'utf8', timeout: opts.timeout ?? 60_000, cwd: opts.cwd ?? REPO,
    env: opts.env ? { ...process.env, ...opts.env } : undefined,
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status, signal: r.signal };
}

export const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;

export interface OracleCase { args: string[]; exitCode: number; stderr: string; stdout?: string }

/**
 * bpftrace 0.17's recorded answers (test/record-oracle.mjs writes them), with this machine's
 * library paths in place of {LIBC} and {LIBPTHREAD} (loader-paths.mjs).
 */
export function oracle(): Record<string, OracleCase> {
  const file = new URL('./fixtures/bpftrace-oracle.json', import.meta.url);
  const paths = loaderPaths();
  return (JSON.parse(withPaths(readFileSync(file, 'utf8'), paths)) as { cases: Record<string, OracleCase> }).cases;
}

/** True when libpthread still defines pthread_create (glibc before 2.34 moved it into libc). */
export function pthreadCreateInLibpthread(): boolean {
  const lib = loaderPaths()['{LIBPTHREAD}'];
  if (!lib) return false;
  try { return / T pthread_create(@|$)/m.test(execFileSync('nm', ['-D', '--defined-only', lib], { encoding: 'utf8' })); } catch { return false; }
}

/** bpftrace's own name in its getopt lines becomes ours. */
export const asOurs = (line: string) => line.replace(/^bpftrace:/, 'bpftrace-ts:');

/** Ids of the BPF links a process holds open (from its fdinfo: no other run's links are counted). */
export function linkIdsOf(pid: number): number[] {
  const ids: number[] = [];
  for (const fd of readdirSync(`/proc/${pid}/fdinfo`)) {
    try {
      const m = /^link_id:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
      if (m) ids.push(Number(m[1]));
    } catch { /* fd closed meanwhile */ }
  }
  return ids;
}
