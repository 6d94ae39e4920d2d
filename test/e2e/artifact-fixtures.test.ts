// Compile once, run later: every e2e fixture compiled to an artifact (`bpftrace-ts compile`) and
// run from it (`bpftrace-ts run`) gives what bpftrace 0.17 printed running the script directly
// (the recording that fixtures.test.ts holds the direct run to).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildWorkload, environmentProblem, leakedPrograms, loadedPrograms, loadFixtures, removeWorkload, runFixture, runProblems, views,
  type Fixture, type Tracer,
} from './harness.js';
import { cliEntry } from './paths.js';
import { pthreadCreateInLibpthread } from '../../packages/cli/test/helpers.js';

const envProblem = environmentProblem();
if (envProblem) console.warn(`\n!!! e2e artifact tests SKIPPED: ${envProblem}. They need Linux, root and BPF. !!!\n`);

const fixtures = loadFixtures();
const libcDependent = new Set(pthreadCreateInLibpthread() ? ['tool_threadsnoop'] : []);
const RUN_TIMEOUT_MS = 90_000;
const RUN_ARTIFACT: Tracer = { name: 'bpftrace-ts run (artifact)', command: process.execPath, prefix: [cliEntry, 'run'] };
let dir: string;

/** The fixture with its script compiled: the tracer is given the artifact instead of the script. */
function compileFixture(fx: Fixture): { fixture: Fixture; stderr: string; code: number | null } {
  const script = join(dir, `${fx.name}.bt`);
  if (fx.spec.scriptPath === undefined) writeFileSync(script, fx.script);
  const artifact = join(dir, `${fx.name}.o`);
  const r = spawnSync(process.execPath, [cliEntry, 'compile', fx.spec.scriptPath ?? script, ...(fx.spec.params ?? []), '-o', artifact], { encoding: 'utf8' });
  // tracerArgs() passes scriptPath as the file when the spec says 'file'; scriptProblem() still checks the installed tool.
  return { fixture: { ...fx, scriptPath: artifact, spec: { ...fx.spec, script: 'file' } }, stderr: r.stderr, code: r.status };
}

describe.skipIf(envProblem !== undefined)('e2e: compile to an artifact, then run it', () => {
  let before: ReturnType<typeof loadedPrograms> = [];
  let session: number | undefined;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-artifacts-'));
    buildWorkload();
  }, RUN_TIMEOUT_MS);
  afterAll(() => {
    rmSync(dir, { recursive: true, force: true });
    removeWorkload();
  });
  beforeEach(() => {
    before = loadedPrograms();
    session = undefined;
  });
  afterEach(async () => {
    if (session === undefined) return;
    const leaked = await leakedPrograms(before, session);
    expect(leaked.map((p) => `${p.id} ${p.type} ${p.name}`), 'BPF programs left loaded').toEqual([]);
  });

  for (const fx of fixtures) {
    const skip = fx.missingScript !== undefined || libcDependent.has(fx.name);
    it(`${fx.name}: ${fx.spec.description}`, { timeout: RUN_TIMEOUT_MS, skip }, async () => {
      expect(existsSync(cliEntry)).toBe(true);
      const c = compileFixture(fx);
      expect(c.stderr).toBe('');
      expect(c.code).toBe(0);
      const run = await runFixture(c.fixture, RUN_ARTIFACT);
      session = run.tracerPid;
      const { actual, expected } = views(fx, run);
      expect(actual, `output (mode ${fx.spec.compare.mode}); stderr:\n${run.stderr}`).toBe(expected);
      expect(runProblems(c.fixture, run)).toEqual([]);
    });
  }
});
