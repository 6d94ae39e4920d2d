#!/usr/bin/env node
// npm run conformance [-- -v]
// bpftrace v0.17.0's own runtime test suite against our built CLI (the suite lives outside
// the repo: $BPFTRACE_SUITE_DIR, default ../shared/bpftrace-0.17-suite beside the repo).
// Prints the suite's last line, "N passed, M failed (of K that bpftrace 0.17 passes here)";
// -v prints the whole report (the name of each test that did not pass). The full engine log
// stays in a fresh build directory, whose path is printed. Exit status: the suite's.
// FILTER='suite.*' runs one group. Needs root; about 5 minutes; never two runs at once.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

function fail(msg) {
  console.error(`conformance: ${msg}`);
  process.exit(2);
}

const argv = process.argv.slice(2);
const verbose = argv.includes('-v');
const unknown = argv.filter((a) => a !== '-v');
if (unknown.length) fail(`unknown argument ${unknown[0]} (usage: npm run conformance [-- -v])`);

const suite = resolve(process.env.BPFTRACE_SUITE_DIR ?? join(ROOT, '..', 'shared', 'bpftrace-0.17-suite'));
const runner = join(suite, 'run');
if (!existsSync(runner)) fail(`no suite at ${suite} (set BPFTRACE_SUITE_DIR to bpftrace 0.17's runtime test suite)`);
const cli = join(ROOT, 'node_modules', '.bin', 'bpftrace-ts');
if (!existsSync(join(ROOT, 'packages', 'cli', 'dist', 'main.js'))) fail('the CLI is not built: run npm run build first');

// A build directory of our own, so that checkouts never share one. The suite links its tests
// in as build/runtime -> ../tests/runtime, which only resolves next to the suite: link them here.
const build = mkdtempSync(join(tmpdir(), 'bpftrace-ts-conformance-'));
symlinkSync(join(suite, 'tests', 'runtime'), join(build, 'runtime'));

const r = spawnSync(runner, ['-v', cli], {
  cwd: ROOT,
  env: { ...process.env, BUILD_DIR: build },
  encoding: 'utf8',
  stdio: ['ignore', 'pipe', 'inherit'],
  maxBuffer: 64 * 1024 * 1024,
});
if (r.error) fail(`cannot run ${runner}: ${r.error.message}`);
const lines = r.stdout.split('\n').filter((l) => l !== '');
if (verbose) process.stdout.write(r.stdout);
else if (lines.length) console.log(lines[lines.length - 1]);
console.error(`conformance: engine log in ${join(build, 'last-run.log')}`);
process.exit(r.status ?? 1);
