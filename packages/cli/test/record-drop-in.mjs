#!/usr/bin/env node
// Records what bpftrace 0.17 (the oracle) does in the cases where a drop-in replacement must
// behave alike (bpftrace's own test suite relies on them) into fixtures/bpftrace-drop-in.json.
// Run as root on a machine with bpftrace 0.17 (and, on a shared machine, under the kernel lock):
//   node packages/cli/test/record-drop-in.mjs [--set SET] [NAME...]   (names: re-record only those cases;
//   SET: a set of drop-in-sets.mjs, default main)
// Like record-oracle.mjs, it drops the two lines this VM adds to every bpftrace run.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { prepare, traceLines } from './drop-in-cases.mjs';
import { SETS, normalise } from './drop-in-sets.mjs';

const NOISE = [
  /^ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK.*\n/m,
  /^Error while reading traceable functions from [^\n]*?: (Operation not permitted|Permission denied)\n?/m,
];

const argv = process.argv.slice(2);
const setName = argv[0] === '--set' ? argv[1] : 'main';
const set = SETS[setName];
if (!set) { console.error(`no set ${setName}`); process.exit(2); }
const { CASES } = await import(set.cases);
const file = new URL(set.fixture, import.meta.url);
const only = argv[0] === '--set' ? argv.slice(2) : argv;
for (const n of only) if (!CASES[n]) { console.error(`no case ${n}`); process.exit(2); }
const out = only.length && existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { recordedWith: '', cases: {} };
out.recordedWith = spawnSync('bpftrace', ['-V'], { encoding: 'utf8' }).stdout.trim();
if (!out.recordedWith.startsWith('bpftrace v0.17')) {
  console.error(`need bpftrace 0.17, found: ${out.recordedWith || 'none'}`);
  process.exit(1);
}
for (const [name, c] of Object.entries(CASES)) {
  if (only.length && !only.includes(name)) continue;
  // (runAs: bpftrace is already called bpftrace)
  const { args, dir, cwd, mark } = prepare(c, { testprogs: setName === 'main' });
  const r = spawnSync('bpftrace', args, { encoding: 'utf8', timeout: 20_000, cwd, env: { ...process.env, ...c.env } });
  if (dir) rmSync(dir, { recursive: true, force: true });
  let stderr = r.stderr;
  for (const re of NOISE) stderr = stderr.replace(re, '');
  const unmark = (t) => (mark ? t.replaceAll(mark, '{MARK}') : t);
  const trace = mark ? { trace: traceLines(mark) } : {};
  out.cases[name] = { ...c, exitCode: r.status, stdout: unmark(normalise(r.stdout, dir)), stderr: unmark(normalise(stderr, dir)), ...trace };
}
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${file.pathname}: ${only.length || Object.keys(CASES).length} cases`);
