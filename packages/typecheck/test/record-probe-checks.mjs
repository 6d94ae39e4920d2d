#!/usr/bin/env node
// Re-records fixtures/probe-checks.json from the oracle (bpftrace 0.17, as root, under
// the kernel lock): node packages/typecheck/test/record-probe-checks.mjs
// Keeps bpftrace's first ERROR line (WARNING for `warning` cases) of each case in
// probe-check-cases.mjs, without its RLIMIT_MEMLOCK noise.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cases } from './probe-check-cases.mjs';

const noise = /RLIMIT_MEMLOCK|ulimit -l/;
const out = [];
for (const c of cases) {
  const r = spawnSync('bpftrace', ['-e', c.script, ...(c.params ?? [])], { encoding: 'utf8', timeout: 4000, killSignal: 'SIGKILL' });
  const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n');
  const mark = c.warning ? 'WARNING:' : 'ERROR:';
  const first = lines.find((l) => l.includes(mark) && !noise.test(l));
  out.push({ ...c, expected: first ? first.slice(Math.max(0, first.search(/stdin:|ERROR:|WARNING:/))) : null });
  process.stderr.write(`${c.name}: ${out.at(-1).expected}\n`);
}
writeFileSync(new URL('./fixtures/probe-checks.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
