#!/usr/bin/env node
// npm run bench [-- --only NAME[,NAME]] [--quick] [--no-build]
// Speed and memory of bpftrace-ts as ratios against bpftrace 0.17 measured in the same run.
// Prints a table per benchmark and writes every number to bench-results.json. See BENCHMARKS.md.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { cpus, release } from 'node:os';
import { join } from 'node:path';
import { bpftraceVersion, cleanupAll, ROOT } from './bench/lib.mjs';

const BENCHMARKS = {
  lint: () => import('./bench/lint.mjs'),
  'lint-scale': () => import('./bench/lint-scale.mjs'),
  startup: () => import('./bench/startup.mjs'),
  events: () => import('./bench/events.mjs'),
};

function usage(msg) {
  if (msg) console.error(`bench: ${msg}`);
  console.error(`usage: npm run bench -- [--only ${Object.keys(BENCHMARKS).join('|')}[,...]] [--quick] [--no-build]`);
  process.exit(2);
}

const argv = process.argv.slice(2);
let only = Object.keys(BENCHMARKS);
let quick = false;
let build = true;
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--quick') quick = true;
  else if (a === '--no-build') build = false;
  else if (a === '--only' || a.startsWith('--only=')) {
    const v = a === '--only' ? argv[++i] : a.slice('--only='.length);
    if (!v) usage('--only needs a name');
    only = v.split(',');
    for (const n of only) if (!BENCHMARKS[n]) usage(`unknown benchmark ${n}`);
  } else if (a === '-h' || a === '--help') usage();
  else usage(`unknown argument ${a}`);
}

// The exact command, as the user typed it when run through npm.
const command = process.env.npm_lifecycle_event === 'bench'
  ? `npm run bench${argv.length ? ` -- ${argv.join(' ')}` : ''}`
  : `node scripts/bench.mjs ${argv.join(' ')}`.trim();

if (build) {
  // Measure the current sources, not a stale dist/. Others may be mid-edit: a failed build
  // is reported, and the bench goes on with whatever dist/ holds.
  const r = spawnSync('npx', ['tsc', '-b'], { cwd: ROOT, encoding: 'utf8' });
  if (r.status !== 0) console.error(`bench: warning: npx tsc -b failed, measuring the existing dist/:\n${(r.stdout + r.stderr).split('\n').slice(0, 8).join('\n')}\n`);
  // The CLI runs its bundle when there is one: rebuild it too, or the CLI rows measure old code.
  else {
    const b = spawnSync(process.execPath, ['scripts/bundle-cli.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (b.status !== 0) console.error(`bench: warning: bundling the CLI failed, measuring the existing bundle:\n${(b.stdout + b.stderr).split('\n').slice(0, 8).join('\n')}\n`);
  }
}

const results = {
  date: new Date().toISOString(),
  command,
  host: { kernel: release(), cpus: cpus().length, cpuModel: cpus()[0]?.model, node: process.version, bpftrace: bpftraceVersion() },
  quick,
  benchmarks: {},
};
console.log(`${command}   (${results.date}, Linux ${results.host.kernel}, ${results.host.cpus} CPUs, node ${process.version}, ${results.host.bpftrace})\n`);

let failed = false;
for (const name of only) {
  console.log(`== ${name}   (command: npm run bench -- --only ${name}${quick ? ' --quick' : ''})\n`);
  try {
    const mod = await BENCHMARKS[name]();
    const { result } = await mod.run({ quick });
    results.benchmarks[name] = result;
  } catch (err) {
    failed = true;
    console.error(`bench: ${name} failed: ${err?.stack ?? err}`);
    results.benchmarks[name] = { error: String(err?.message ?? err) };
  }
  cleanupAll(); // no child of one benchmark survives into the next
  console.log();
}

const out = join(ROOT, 'bench-results.json');
writeFileSync(out, `${JSON.stringify(results, null, 2)}\n`);
console.log(`results: ${out}`);
process.exitCode = failed ? 1 : 0;
