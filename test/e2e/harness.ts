// End-to-end harness: runs a fixture's script under a tracer (bpftrace 0.17,
// the oracle, or our CLI) against the workload and reduces the run to what
// the tests compare. Shared by fixtures.test.ts and test-fixtures/e2e/record.mjs.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { comparableView, checkOutput } from './compare.js';
import { type Fixture, type Mask, scriptProblem, tracerArgs, writesOutputFile } from './fixtures.js';
import { cliEntry, fixturesDir } from './paths.js';
import { isAlive, runCommand } from './run.js';
import { buildWorkload, WORKLOAD_COMM, workloadPids } from './workload.js';

export { buildWorkload, removeWorkload, workloadPids } from './workload.js';
export { loadFixtures, scriptProblem, sha256, type Fixture } from './fixtures.js';
export { comparableView, checkOutput } from './compare.js';
export { loadedPrograms, leakedPrograms, programHolders } from './bpf-progs.js';

export interface Tracer {
  name: string;
  command: string;
  prefix: string[];
}

export const ORACLE: Tracer = { name: 'bpftrace 0.17', command: 'bpftrace', prefix: [] };
export const OURS: Tracer = { name: 'bpftrace-ts', command: process.execPath, prefix: [cliEntry] };

export interface FixtureRun {
  /** Normalized output (stdout, or the -o file). */
  output: string;
  stderr: string;
  /** The tracer's pid, which is also its session id. */
  tracerPid: number;
  code: number | null;
  durationMs: number;
  timedOut: boolean;
  pids: number[];
  /** Workload processes still running after the tracer exited (bpftrace kills its -c child). */
  leftoverPids: number[];
}

const DEFAULT_TIMEOUT_MS = 30_000;

export async function runFixture(fx: Fixture, tracer: Tracer): Promise<FixtureRun> {
  const wl = buildWorkload();
  const outputFile = join(wl.dir, `${fx.name}.out`);
  rmSync(outputFile, { force: true });
  const args = tracerArgs(fx, { WORKLOAD: wl.binary, OUTPUT: outputFile });
  const env = { ...process.env };
  // Settings that change bpftrace's output must not leak in from the caller.
  for (const k of Object.keys(env)) if (k.startsWith('BPFTRACE_')) delete env[k];
  const res = await runCommand(tracer.command, [...tracer.prefix, ...args], {
    cwd: wl.dir,
    timeoutMs: fx.spec.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    stdinFile: fx.spec.stdin ? join(fixturesDir, fx.spec.stdin) : undefined,
    env,
  });
  const pids = workloadPids(res.stderr);
  const leftoverPids = pids.filter(isAlive);
  for (const pid of leftoverPids) process.kill(pid, 'SIGKILL');
  let raw = res.stdout;
  if (writesOutputFile(fx)) raw = existsSync(outputFile) ? readFileSync(outputFile, 'utf8') : '';
  return {
    output: normalize(raw, fx.spec.normalizePid ? pids : [], fx.spec.masks ?? [], wl),
    stderr: res.stderr,
    tracerPid: res.pid,
    code: res.code,
    durationMs: res.durationMs,
    timedOut: res.timedOut,
    pids,
    leftoverPids,
  };
}

/**
 * Replaces the workload binary's path (it lives in a fresh temp dir) by {WORKLOAD} and its
 * comm (unique per run) by WORKLOAD_COMM, then each workload pid (as a whole number) by
 * <PID>, then applies the masks in order. Another run's workload keeps its own comm, so the
 * filters (which name WORKLOAD_COMM) drop it.
 * A pid's padding varies with its digit count (printf("%-6d") of 123 or 12345), so the
 * spaces on either side of a replaced pid collapse to one: only "<PID>" and whether it is
 * separated from its neighbours are compared, not the pid column's width.
 */
export function normalize(text: string, pids: number[], masks: Mask[] = [], workload?: { binary: string; comm: string }): string {
  let out = workload ? text.split(workload.binary).join('{WORKLOAD}').split(workload.comm).join(WORKLOAD_COMM) : text;
  for (const pid of pids) {
    out = out.replace(new RegExp(`( *)(?<![0-9])${pid}(?![0-9])( *)`, 'g'), (_, before: string, after: string) =>
      `${before ? ' ' : ''}<PID>${after ? ' ' : ''}`,
    );
  }
  for (const m of masks) out = out.replace(new RegExp(m.regex, 'gm'), m.with);
  return out;
}

/** Everything wrong with a run on its own, before comparing it with the expectation. */
export function runProblems(fx: Fixture, run: FixtureRun): string[] {
  const problems = checkOutput(run.output, fx.spec.compare);
  const script = scriptProblem(fx);
  if (script) problems.push(script);
  if (run.timedOut) problems.push(`timed out after ${run.durationMs} ms`);
  if (run.code !== (fx.spec.exitCode ?? 0)) problems.push(`exit code ${run.code}, expected ${fx.spec.exitCode ?? 0}`);
  if (fx.spec.maxDurationMs !== undefined && run.durationMs > fx.spec.maxDurationMs)
    problems.push(`took ${run.durationMs} ms, more than ${fx.spec.maxDurationMs} ms`);
  if (run.leftoverPids.length > 0) problems.push(`workload still running after exit: ${run.leftoverPids.join(', ')}`);
  if (fx.spec.args.some((a) => a.includes('{WORKLOAD}')) && run.pids.length === 0)
    problems.push('the workload never started (no "bpfts_workload pid" line on stderr)');
  return problems;
}

/** The two strings a test asserts equal. */
export function views(fx: Fixture, run: FixtureRun): { actual: string; expected: string } {
  return {
    actual: comparableView(run.output, fx.spec.compare),
    expected: comparableView(fx.expected ?? '', fx.spec.compare),
  };
}

/** Why e2e tests cannot run here, or undefined if they can. */
export function environmentProblem(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync('/sys/kernel/btf/vmlinux') && !existsSync('/sys/fs/bpf')) return 'no BPF support visible';
  if (!existsSync('/sys/kernel/tracing/events')) return 'tracefs not mounted at /sys/kernel/tracing';
  for (const tool of ['gcc', 'bpftool']) if (!onPath(tool)) return `${tool} not found`;
  return undefined;
}

/** Why the oracle (bpftrace 0.17) cannot run here, or undefined if it can. */
export function oracleProblem(): string | undefined {
  return onPath('bpftrace') ? undefined : 'bpftrace not found';
}

function onPath(tool: string): boolean {
  return (process.env.PATH ?? '').split(':').some((dir) => dir !== '' && existsSync(join(dir, tool)));
}
