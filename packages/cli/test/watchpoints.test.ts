// Watchpoints on function arguments (`watchpoint:func+argN:len:mode`, asyncwatchpoint,
// unwatch) on a workload built here (fixtures/watchpoints): each case is compared with
// bpftrace 0.17's recording (record-watchpoints.mjs), paths and pids normalised. Needs
// root and hardware breakpoints that fire; loads BPF: run under the kernel lock.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with the recorder
import { CASES, buildWorkload, hardwareBreakpoints, normalise, readOracle, startBackground, substitute } from './fixtures/watchpoints/cases.mjs';
import { BIN, ensureBuilt, isRoot } from './helpers.js';

beforeAll(ensureBuilt);

interface Case { args: string[]; background?: boolean; sortLines?: boolean; opensNone?: boolean }
interface Recorded { exitCode: number; stdout: string; stderr: string }
const cases = CASES as Record<string, Case>;
const recorded = (readOracle() as { cases: Record<string, Recorded> }).cases;

const hasGcc = spawnSync('gcc', ['--version']).status === 0;
const dir: string = isRoot && hasGcc ? buildWorkload() : '';
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });
const hw: string = dir ? hardwareBreakpoints(dir) : '';
const skip = !isRoot ? 'not root' : !hasGcc ? 'gcc is not installed' : undefined;
if (skip) console.warn(`SKIPPED: function watchpoint CLI tests (${skip})`);
else if (hw !== 'yes') console.warn(`SKIPPED: function watchpoint CLI tests that open breakpoints (${hw})`);

async function run(c: Case): Promise<Recorded> {
  const bg = c.background ? startBackground(dir) : undefined;
  if (bg) await new Promise((r) => setTimeout(r, 200));
  const vars = { DIR: dir, PID: bg?.pid };
  try {
    const r = spawnSync(process.execPath, [BIN, ...c.args.map((a) => substitute(a, vars) as string)], { encoding: 'utf8', timeout: 20_000, cwd: dir });
    return { exitCode: r.status ?? -1, stdout: normalise(r.stdout, vars), stderr: normalise(r.stderr, vars) };
  } finally {
    bg?.kill();
  }
}

const sorted = (t: string) => t.split('\n').filter((l) => l !== '').sort();

describe.skipIf(skip !== undefined)('function watchpoints as bpftrace 0.17', () => {
  for (const [name, c] of Object.entries(cases)) {
    it.skipIf(hw !== 'yes' && !c.opensNone)(name, async () => {
      const want = recorded[name]!;
      const got = await run(c);
      expect(got.stderr).toBe(want.stderr);
      if (c.sortLines) expect(sorted(got.stdout)).toEqual(sorted(want.stdout));
      else expect(got.stdout).toBe(want.stdout);
      expect(got.exitCode).toBe(want.exitCode);
    }, 30_000);
  }

  // bpftrace 0.17 leaves the process stopped here (State: T): it never resumes a process
  // whose report came after exit(). We resume it.
  it.skipIf(hw !== 'yes')('-p: the traced process is left running, not stopped, whenever the run ends', async () => {
    const bg = startBackground(dir);
    const state = () => /^State:\s+(\S)/m.exec(spawnSync('cat', [`/proc/${bg.pid}/status`], { encoding: 'utf8' }).stdout)?.[1];
    try {
      await new Promise((r) => setTimeout(r, 200));
      // exit() at the first bump()'s write: the second bump() follows at once, and its setup
      // uprobe stops the process for a report the run no longer handles.
      const r = spawnSync(process.execPath, [BIN, '-e', 'watchpoint:bump+arg1:4:w { @n++; exit(); }', '-p', String(bg.pid)],
        { encoding: 'utf8', timeout: 20_000, cwd: dir });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe('Attaching 1 probe...\n\n\n@n: 1\n');
      for (let i = 0; i < 3; i++) {
        await new Promise((r) => setTimeout(r, 100));
        expect(state()).toMatch(/^[RS]$/);
      }
    } finally {
      bg.kill();
    }
  }, 30_000);
});
