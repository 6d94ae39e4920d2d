#!/usr/bin/env node
// Records bpftrace 0.17's answers to the function-watchpoint cases (fixtures/watchpoints/
// cases.mjs) into fixtures/watchpoints/oracle.json. As root, under the kernel lock:
//   flock /tmp/bpftrace-ts-kernel.lock node packages/cli/test/record-watchpoints.mjs
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { CASES, buildWorkload, hardwareBreakpoints, normalise, startBackground, substitute } from './fixtures/watchpoints/cases.mjs';

// Lines this VM adds to every bpftrace run (environment noise, not under test).
const NOISE = [/^ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK.*\n/m];

const version = spawnSync('bpftrace', ['-V'], { encoding: 'utf8' }).stdout.trim();
if (!version.startsWith('bpftrace v0.17')) { console.error(`need bpftrace 0.17, found: ${version || 'none'}`); process.exit(1); }
const dir = buildWorkload();
const hw = hardwareBreakpoints(dir);
if (hw !== 'yes') { console.error(`cannot record: ${hw}`); process.exit(1); }
const out = { recordedWith: version, cases: {} };
for (const [name, c] of Object.entries(CASES)) {
  const bg = c.background ? startBackground(dir) : undefined;
  if (bg) await new Promise((r) => setTimeout(r, 200));
  const vars = { DIR: dir, PID: bg?.pid };
  const r = spawnSync('bpftrace', c.args.map((a) => substitute(a, vars)), { encoding: 'utf8', timeout: 20_000, cwd: dir });
  bg?.kill();
  let stderr = r.stderr;
  for (const re of NOISE) stderr = stderr.replace(re, '');
  out.cases[name] = { exitCode: r.status, stdout: normalise(r.stdout, vars), stderr: normalise(stderr, vars) };
}
rmSync(dir, { recursive: true, force: true });
writeFileSync(new URL('./fixtures/watchpoints/oracle.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(`recorded ${Object.keys(CASES).length} cases`);
