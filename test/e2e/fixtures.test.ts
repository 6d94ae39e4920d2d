// Holds bpftrace-ts to bpftrace 0.17's recorded output (test-fixtures/e2e/).
// The BPFTS_ORACLE=1 block runs bpftrace itself through the same comparison,
// as a self-test of the harness and the fixtures.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  buildWorkload,
  environmentProblem,
  leakedPrograms,
  loadedPrograms,
  loadFixtures,
  removeWorkload,
  ORACLE,
  oracleProblem,
  OURS,
  runFixture,
  runProblems,
  views,
  type Tracer,
} from './harness.js';
import { pthreadCreateInLibpthread } from '../../packages/cli/test/helpers.js';

const envProblem = environmentProblem();
if (envProblem) {
  console.warn(`\n!!! e2e tests SKIPPED: ${envProblem}. They need Linux, root and BPF. !!!\n`);
}

const fixtures = loadFixtures();
// Fixtures of installed tools (scriptPath, e.g. /usr/sbin/*.bt from Debian's bpftrace package)
// are skipped where the tool is not installed.
const missingTools = fixtures.filter((fx) => fx.missingScript).map((fx) => `${fx.name} (${fx.missingScript})`);
if (!envProblem && missingTools.length > 0) {
  console.warn(`\n!!! e2e fixtures SKIPPED, tool not installed: ${missingTools.join(', ')} !!!\n`);
}
// tool_threadsnoop was recorded where libpthread has no pthread_create (glibc 2.34 and later:
// bpftrace leaves the uprobe out); elsewhere the tool traces threads and prints other lines.
const libcDependent = new Set(pthreadCreateInLibpthread() ? ['tool_threadsnoop'] : []);
if (!envProblem && libcDependent.size > 0) {
  console.warn(`\n!!! e2e fixtures SKIPPED, this glibc's libpthread defines pthread_create: ${[...libcDependent].join(', ')} !!!\n`);
}
afterAll(() => removeWorkload());
const RUN_TIMEOUT_MS = 90_000;
const cliMain = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));

function fixtureSuite(tracer: Tracer) {
  let before: ReturnType<typeof loadedPrograms> = [];
  let session: number | undefined;
  beforeAll(() => {
    buildWorkload();
  }, RUN_TIMEOUT_MS);
  beforeEach(() => {
    before = loadedPrograms();
    session = undefined;
  });
  afterEach(async () => {
    if (session === undefined) return; // the run never started
    // Nothing the run loaded may stay loaded (and so attached).
    const leaked = await leakedPrograms(before, session);
    expect(leaked.map((p) => `${p.id} ${p.type} ${p.name}`), 'BPF programs left loaded').toEqual([]);
  });

  for (const fx of fixtures) {
    const opts = { timeout: RUN_TIMEOUT_MS, skip: fx.missingScript !== undefined || libcDependent.has(fx.name) };
    it(`${fx.name}: ${fx.spec.description}`, opts, async () => {
      expect(fx.expected, `${fx.expectedPath} missing: run test-fixtures/e2e/record.mjs`).toBeDefined();
      if (tracer === OURS) expect(existsSync(cliMain), `${cliMain} missing: build first (npx tsc -b)`).toBe(true);
      const run = await runFixture(fx, tracer);
      session = run.tracerPid;
      const { actual, expected } = views(fx, run);
      expect(actual, `${tracer.name} output (mode ${fx.spec.compare.mode}); stderr:\n${run.stderr}`).toBe(expected);
      expect(runProblems(fx, run)).toEqual([]);
    });
  }
}

describe.skipIf(envProblem !== undefined)('e2e: bpftrace-ts against bpftrace 0.17 fixtures', () => {
  fixtureSuite(OURS);
});

const wantOracle = process.env.BPFTS_ORACLE === '1';
const noOracle = wantOracle ? oracleProblem() : undefined;
if (noOracle) console.warn(`\n!!! BPFTS_ORACLE=1 but the oracle self-test is SKIPPED: ${noOracle} !!!\n`);

describe.skipIf(envProblem !== undefined || !wantOracle || noOracle !== undefined)(
  'e2e self-test: bpftrace 0.17 against its own fixtures (BPFTS_ORACLE=1)',
  () => {
    fixtureSuite(ORACLE);
  },
);
