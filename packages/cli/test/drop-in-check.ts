// Runs a recorded drop-in case (drop-in-sets.mjs) with our CLI and compares what the case
// says to compare with what bpftrace 0.17 did.
import { expect } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cli } from './helpers.js';
// (plain ES modules, shared with record-drop-in.mjs)
import { prepare, traceLines } from './drop-in-cases.mjs';
import { SETS, normalise } from './drop-in-sets.mjs';

export interface DropInCase {
  args: string[];
  env?: Record<string, string>;
  program?: string;
  /** Run in the program's directory. */
  inDir?: boolean;
  /** What bpf_trace_printk wrote (debugf), compared with the rest unless `compare` says what to. */
  trace?: string[] | true;
  /** Run through a symlink of this name (the name bpftrace's test suite runs us as). */
  runAs?: string;
  /** skipWarnings: only the "could not attach probe ..., skipping." lines of stderr. */
  compare?: ('stdout' | 'stderr' | 'exitCode' | 'skipWarnings' | 'lastStderrLine' | 'errorMessage' | 'mapTypes')[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface CaseRun { stdout: string; stderr: string; code: number | null; trace?: string[] }

export async function dropInChecker(setName: keyof typeof SETS) {
  const set = SETS[setName];
  const { CASES } = (await import(set.cases)) as { CASES: Record<string, { compare?: DropInCase['compare']; addresses?: boolean; offsets?: boolean }> };
  const RECORDED = (JSON.parse(readFileSync(new URL(set.fixture, import.meta.url), 'utf8')) as {
    cases: Record<string, DropInCase>;
  }).cases;

  /** Our run of a case (its output normalised as the recording is). */
  function run(name: string): CaseRun {
    const c = RECORDED[name];
    if (!c) throw new Error(`case ${name} is not recorded: node packages/cli/test/record-drop-in.mjs --set ${setName} ${name}`);
    const dir = c.runAs ? mkdtempSync(join(tmpdir(), 'bpftrace-ts-drop-in-')) : undefined;
    if (dir) symlinkSync(BIN, join(dir, c.runAs!));
    const prepared = prepare(c, { testprogs: setName === 'main' }) as { args: string[]; dir?: string; cwd?: string; mark?: string };
    try {
      const r = cli(prepared.args, { timeout: 30_000, env: c.env, bin: dir && join(dir, c.runAs!), cwd: prepared.cwd });
      const unmark = (t: string) => (prepared.mark ? t.replaceAll(prepared.mark, '{MARK}') : t);
      const trace = prepared.mark ? traceLines(prepared.mark) : undefined;
      return { stdout: unmark(normalise(r.stdout, prepared.dir)), stderr: unmark(normalise(r.stderr, prepared.dir)), code: r.code, ...(trace ? { trace } : {}) };
    } finally {
      for (const d of [dir, prepared.dir]) if (d) rmSync(d, { recursive: true, force: true });
    }
  }

  function check(name: string): CaseRun {
    const recorded = RECORDED[name]!;
    const ran = run(name);
    // `addresses`: code addresses depend on the compiler that built the case's program.
    // `offsets`: so do the offsets of its stack frames (`func+28`).
    const addr = (t: string) => {
      const c = CASES[name];
      const a = c?.addresses ? t.replace(/0x[0-9a-f]{4,}/g, '0x…') : t;
      return c?.offsets ? a.replace(/\+\d+$/gm, '+…') : a;
    };
    const c = { ...recorded, stdout: addr(recorded.stdout), stderr: addr(recorded.stderr) };
    const r = { ...ran, stdout: addr(ran.stdout), stderr: addr(ran.stderr) };
    const skips = (err: string) => err.split('\n').filter((l) => /^WARNING: could not attach probe .*, skipping\.$/.test(l));
    const last = (err: string) => err.trimEnd().split('\n').pop();
    // (bpftrace 0.17 prints --info on stderr, we on stdout)
    const mapTypes = (out: string) => out.split('\nMap types\n')[1]?.split('\n\n')[0]?.trimEnd();
    // The text of bpftrace's last ERROR line (or clang's `fatal error:` it passes on); we may
    // locate the same error (`file:L:C-C: ERROR: ...`).
    const errorLine = /(?:^|: )(?:ERROR|fatal error): (.*)$/m;
    const errorMessage = (err: string) => errorLine.exec(err.split('\n').filter((l) => errorLine.test(l)).pop() ?? '')?.[1];
    const ours = { stdout: r.stdout, stderr: r.stderr, exitCode: r.code, skipWarnings: skips(r.stderr), lastStderrLine: last(r.stderr), errorMessage: errorMessage(r.stderr), mapTypes: mapTypes(r.stdout + r.stderr) };
    const want = { stdout: c.stdout, stderr: c.stderr, exitCode: c.exitCode, skipWarnings: skips(c.stderr), lastStderrLine: last(c.stderr), errorMessage: errorMessage(c.stderr), mapTypes: mapTypes(c.stdout + c.stderr) };
    // What to compare comes from the cases file (a recording keeps the fields it was made with).
    const compare = CASES[name]?.compare;
    for (const k of compare ?? ['stdout', 'stderr', 'exitCode'] as const) expect(ours[k], `${name}: ${k}`).toEqual(want[k]);
    if (Array.isArray(recorded.trace) && !compare) expect(ran.trace, `${name}: trace`).toEqual(recorded.trace);
    return ran;
  }

  return { check, run, RECORDED };
}
