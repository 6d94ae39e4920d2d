#!/usr/bin/env node
// Re-records fixtures/errors.json from the oracle (bpftrace 0.17, run as root):
//   node packages/typecheck/test/record-errors.mjs
// For each case in error-cases.mjs it keeps bpftrace's first "ERROR:" line (its
// harmless RLIMIT_MEMLOCK / available_filter_functions lines are skipped). A case
// that bpftrace accepts would attach and run, so each run is capped by a timeout.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cases } from './error-cases.mjs';

const noise = /RLIMIT_MEMLOCK|available_filter_functions|ulimit -l|is not traceable/;
const out = [];
for (const c of cases) {
  const argv = [];
  if (c.unsafe) argv.push('--unsafe');
  // File cases (installed tools) run as files: -d dumps and exits instead of attaching.
  if (c.file) argv.push('-d', c.file);
  else if (c.dump) argv.push('-d', '-e', c.script);
  else argv.push('-e', c.script, ...(c.params ?? []));
  const r = spawnSync('bpftrace', argv, { encoding: 'utf8', timeout: 4000, killSignal: 'SIGKILL' });
  const lines = `${r.stderr ?? ''}\n${r.stdout ?? ''}`.split('\n');
  // `warning: true` cases record the first WARNING (bpftrace accepts the script).
  const mark = c.warning ? 'WARNING:' : 'ERROR:';
  const first = lines.find((l) => l.includes(mark) && !noise.test(l));
  out.push({
    name: c.name,
    ...(c.file ? { file: c.file } : { script: c.script }),
    params: c.params ?? [],
    unsafe: c.unsafe ?? false,
    // Keep only the part from the location (or "ERROR:") on.
    ...(c.warning ? { warning: true } : {}),
    expected: first ? first.slice(Math.max(0, first.search(c.file ? /\/|ERROR:|WARNING:/ : /stdin:|ERROR:|WARNING:/))) : null,
    ...(c.note ? { note: c.note } : {}),
  });
  process.stderr.write(`${c.name}: ${out.at(-1).expected}\n`);
}
writeFileSync(new URL('./fixtures/errors.json', import.meta.url), JSON.stringify(out, null, 2) + '\n');
