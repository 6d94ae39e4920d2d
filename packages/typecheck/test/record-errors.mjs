#!/usr/bin/env node
// Re-records fixtures/errors.json from the oracle (bpftrace 0.17, run as root):
//   node packages/typecheck/test/record-errors.mjs [NAME...]
// With names, only those cases are run; every other case keeps its recorded entry.
// For each case in error-cases.mjs it keeps bpftrace's first "ERROR:" line (its
// harmless RLIMIT_MEMLOCK / available_filter_functions lines are skipped). A case
// that bpftrace accepts would attach and run, so each run is capped by a timeout
// (4 s, or the case's own `timeout` for one that 0.17 is slow to refuse).
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cases } from './error-cases.mjs';

const fixture = new URL('./fixtures/errors.json', import.meta.url);
const only = new Set(process.argv.slice(2));
const unknown = [...only].filter((n) => !cases.some((c) => c.name === n));
if (unknown.length) throw new Error(`no such case: ${unknown.join(', ')}`);
const recorded = new Map(existsSync(fixture) ? JSON.parse(readFileSync(fixture, 'utf8')).map((f) => [f.name, f]) : []);
const noise = /RLIMIT_MEMLOCK|available_filter_functions|ulimit -l|is not traceable/;
const out = [];
for (const c of cases) {
  if (only.size && !only.has(c.name)) {
    if (recorded.has(c.name)) out.push(recorded.get(c.name));
    continue;
  }
  const argv = [];
  if (c.unsafe) argv.push('--unsafe');
  // File cases (installed tools) run as files: -d dumps and exits instead of attaching.
  if (c.file) argv.push('-d', c.file);
  else if (c.dump) argv.push('-d', '-e', c.script, ...(c.params ?? []));
  else argv.push('-e', c.script, ...(c.params ?? []));
  const r = spawnSync('bpftrace', argv, { encoding: 'utf8', timeout: c.timeout ?? 4000, killSignal: 'SIGKILL' });
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
writeFileSync(fixture, JSON.stringify(out, null, 2) + '\n');
