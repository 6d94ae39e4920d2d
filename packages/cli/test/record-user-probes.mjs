#!/usr/bin/env node
// Records bpftrace 0.17's answers to the uprobe/usdt cases (fixtures/user-probes/cases.mjs)
// into fixtures/user-probes/oracle.json. As root, under the kernel lock:
//   flock /tmp/bpftrace-ts-kernel.lock node packages/cli/test/record-user-probes.mjs
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { CASES, buildWorkload, deadPid, normalise, startBackground, substitute } from './fixtures/user-probes/cases.mjs';

// Lines this VM adds to every bpftrace run (environment noise, not under test).
const NOISE = [/^ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK.*\n/m];

const version = spawnSync('bpftrace', ['-V'], { encoding: 'utf8' }).stdout.trim();
if (!version.startsWith('bpftrace v0.17')) { console.error(`need bpftrace 0.17, found: ${version || 'none'}`); process.exit(1); }
const dir = buildWorkload();
const out = { recordedWith: version, cases: {} };
for (const [name, c] of Object.entries(CASES)) {
  const bg = c.background ? startBackground(dir) : undefined;
  if (bg) await new Promise((r) => setTimeout(r, 200));
  const vars = { DIR: dir, PID: bg?.pid, DEADPID: await deadPid() };
  const r = spawnSync('bpftrace', c.args.map((a) => substitute(a, vars)), { encoding: 'utf8', timeout: 20_000, cwd: dir });
  bg?.kill();
  let stderr = r.stderr;
  for (const re of NOISE) stderr = stderr.replace(re, '');
  out.cases[name] = { exitCode: r.status, stdout: normalise(r.stdout, vars), stderr: normalise(stderr, vars) };
}
rmSync(dir, { recursive: true, force: true });
writeFileSync(new URL('./fixtures/user-probes/oracle.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`recorded ${Object.keys(CASES).length} cases`);
