#!/usr/bin/env node
// Re-records test-fixtures/e2e/NAME.expected by running bpftrace 0.17 (as root)
// with each fixture's arguments against a freshly built workload.
//
//   node test-fixtures/e2e/record.mjs [--repeat N] [NAME...]
//
// A recording is written only if it passes the fixture's own checks (bounds,
// keep patterns, exit code, ...). --repeat N then runs bpftrace N more times
// and checks that each run compares equal to the recording: the fixture is
// deterministic under its comparison mode.
//
// A fixture of an installed tool (NAME.json has "scriptPath") runs that file; its
// recording also stores the file's sha256 in NAME.json ("scriptSha256"), so a test
// against another version of the tool fails instead of comparing the wrong thing.
//
// The harness is TypeScript (test/e2e/harness.ts) and this Node has no type
// stripping, so it is bundled with esbuild (a dev dependency) on the fly.
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const harnessSrc = fileURLToPath(new URL('../../test/e2e/harness.ts', import.meta.url));

async function loadHarness() {
  const dir = mkdtempSync(join(tmpdir(), 'bpfts-record-'));
  const outfile = join(dir, 'harness.mjs');
  await build({
    entryPoints: [harnessSrc],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    logLevel: 'error',
    // test/e2e/paths.ts resolves the repo from import.meta.url: keep it pointing there.
    define: { 'import.meta.url': JSON.stringify(pathToFileURL(harnessSrc).href) },
  });
  try {
    return await import(pathToFileURL(outfile).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseArgs(argv) {
  let repeat = 0;
  const names = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--repeat') repeat = Number(argv[++i]);
    else names.push(argv[i]);
  }
  return { repeat, names };
}

const h = await loadHarness();
const { repeat, names } = parseArgs(process.argv.slice(2));
const problem = h.environmentProblem();
if (problem) {
  console.error(`cannot record: ${problem}`);
  process.exit(1);
}
h.buildWorkload();
const fixtures = h.loadFixtures().filter((fx) => names.length === 0 || names.includes(fx.name));
if (names.length > 0 && fixtures.length !== names.length) {
  console.error(`unknown fixture among: ${names.join(' ')}`);
  process.exit(1);
}

let failures = 0;
for (const fx of fixtures) {
  if (fx.missingScript) {
    failures++;
    console.error(`${fx.name}: NOT recorded: ${fx.missingScript}`);
    continue;
  }
  if (fx.spec.scriptPath !== undefined) fx.spec.scriptSha256 = h.sha256(fx.script);
  const run = await h.runFixture(fx, h.ORACLE);
  const problems = h.runProblems(fx, run);
  if (problems.length > 0) {
    failures++;
    console.error(`${fx.name}: NOT recorded:\n  ${problems.join('\n  ')}\n--- output ---\n${run.output}--- stderr ---\n${run.stderr}`);
    continue;
  }
  writeFileSync(fx.expectedPath, run.output);
  if (fx.spec.scriptPath !== undefined) {
    const jsonPath = fx.expectedPath.replace(/\.expected$/, '.json');
    const spec = JSON.parse(readFileSync(jsonPath, 'utf8'));
    spec.scriptSha256 = fx.spec.scriptSha256;
    writeFileSync(jsonPath, `${JSON.stringify(spec, null, 2)}\n`);
  }
  fx.expected = run.output;
  console.log(`${fx.name}: recorded (${run.durationMs} ms)`);
  for (let i = 1; i <= repeat; i++) {
    const again = await h.runFixture(fx, h.ORACLE);
    const { actual, expected } = h.views(fx, again);
    const more = h.runProblems(fx, again);
    if (actual !== expected) more.push(`comparable view differs from the recording:\n${actual}\n--- vs recorded ---\n${expected}`);
    if (more.length > 0) {
      failures++;
      console.error(`${fx.name}: repeat ${i} unstable:\n  ${more.join('\n  ')}`);
      break;
    }
  }
}
h.removeWorkload();
process.exit(failures > 0 ? 1 : 0);
