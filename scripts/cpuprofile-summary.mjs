#!/usr/bin/env node
// Where a node process spent its time: a .cpuprofile (from `node --cpu-prof`) summed by self
// time per function and per file, largest first.
//   node --cpu-prof --cpu-prof-dir=/tmp/prof packages/cli/bin/bpftrace-ts.js lint big.bt
//   node scripts/cpuprofile-summary.mjs /tmp/prof/*.cpuprofile [--top N]
import { readFileSync } from 'node:fs';

const args = process.argv.slice(2);
const at = args.indexOf('--top');
const top = at >= 0 ? Number(args.splice(at, 2)[1]) : 30;
if (args.length !== 1 || !Number.isInteger(top) || top <= 0) {
  console.error('usage: node scripts/cpuprofile-summary.mjs FILE.cpuprofile [--top N]');
  process.exit(2);
}

const profile = JSON.parse(readFileSync(args[0], 'utf8'));
const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
const total = profile.timeDeltas.reduce((a, b) => a + b, 0);
const byFunction = new Map();
const byFile = new Map();
const add = (m, k, us) => m.set(k, (m.get(k) ?? 0) + us);
// Each sample's delta is time spent in that node itself (self time).
profile.samples.forEach((id, i) => {
  const { functionName, url, lineNumber } = nodes.get(id).callFrame;
  const file = url.split('/').slice(-3).join('/') || '(native)';
  add(byFunction, `${functionName || '(anonymous)'}  ${file}:${lineNumber + 1}`, profile.timeDeltas[i]);
  add(byFile, file, profile.timeDeltas[i]);
});

const show = (title, m) => {
  console.log(`-- ${title}`);
  for (const [k, us] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${(us / 1000).toFixed(0).padStart(8)} ms ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  }
};
console.log(`total ${(total / 1000).toFixed(0)} ms sampled`);
show('self time by function', byFunction);
show('self time by file', byFile);
