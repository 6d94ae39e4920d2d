// Records what bpftrace 0.17 prints with -k when a map is full (BPFTRACE_MAP_KEYS_MAX=2),
// text and JSON, and its error for an invalid BPFTRACE_MAP_KEYS_MAX. Each case's
// counts differ, so the map output does not depend on the kernel's hash order.
// Writes fixtures/map-full.json.
// Run as root, under the kernel lock: flock /tmp/bpftrace-ts-kernel.lock node packages/cli/test/record-map-full.mjs
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';

export const SCRIPTS = [
  'BEGIN { @[1]=1; @[2]=2; @[3]=3; @x[5] = count(); @x[5] = count(); @x[6]=count(); @x[7] = count(); exit(); }',
  'BEGIN { @[1]=1; @[2] = 2;  @[3]  =   3; @[4]++; @[5] += 2; exit(); }',
];

function record(args, env) {
  const r = spawnSync('bpftrace', args, { encoding: 'utf8', env: { ...process.env, ...env } });
  // bpftrace's RLIMIT_MEMLOCK complaint on stderr is not about this feature: keep stdout only.
  return { args, env, stdout: r.stdout, code: r.status };
}

const cases = [];
for (const script of SCRIPTS) {
  for (const format of ['text', 'json']) cases.push(record(['-k', '-f', format, '-e', script], { BPFTRACE_MAP_KEYS_MAX: '2' }));
}
const invalid = spawnSync('bpftrace', ['-e', 'BEGIN { exit(); }'], { encoding: 'utf8', env: { ...process.env, BPFTRACE_MAP_KEYS_MAX: 'abc' } });
const out = {
  recordedWith: 'bpftrace 0.17 (Debian), record-map-full.mjs',
  cases,
  invalid: { env: { BPFTRACE_MAP_KEYS_MAX: 'abc' }, stderr: invalid.stderr, code: invalid.status },
};
writeFileSync(new URL('./fixtures/map-full.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
console.log(JSON.stringify(out, null, 2));
