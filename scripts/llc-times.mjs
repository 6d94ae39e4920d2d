#!/usr/bin/env node
// node scripts/llc-times.mjs [RUNS]
// llc's wall time per installed LLVM (/usr/lib/llvm-N/bin/llc, N >= 14): a one-liner, and the
// Debian bpftrace tools (/usr/sbin/*.bt) that compile, each compiled RUNS times (default 5) by
// every llc in turn, the median kept. IR is generated once per script (it does not depend on
// the llc); the time is llc's process, start to exit (runLlc's `ms`). Uses the built packages.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from '@bpftrace-ts/parser';
import { check } from '@bpftrace-ts/typecheck';
import { emitIr, installedLlcs, runLlc } from '@bpftrace-ts/codegen';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.argv[2] ?? 5);
const { readDefaultProfile } = await import(`${ROOT}packages/cli/dist/kernel/profile-file.js`);
const kernel = { ...readDefaultProfile(), features: { kprobes: true, fentry: false, uprobes: true, ringbuf: true, attachCookie: true } };

function irOf(source, file) {
  const p = parse(source, { file });
  const c = p.ast && check(p.ast, kernel, { params: [], unsafe: false, file });
  return c?.program ? emitIr(c.program, { kernel }).ir : undefined;
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const ONE_LINER = 'tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }';
const tools = readdirSync('/usr/sbin').filter((f) => f.endsWith('.bt')).sort()
  .map((f) => ({ f, ir: irOf(readFileSync(`/usr/sbin/${f}`, 'utf8'), `/usr/sbin/${f}`) }))
  .filter((t) => t.ir);
const oneIr = irOf(ONE_LINER, 'stdin');

console.log(`llc wall time, median of ${RUNS} runs; one-liner: ${ONE_LINER}; tools: ${tools.length} of /usr/sbin/*.bt`);
// Versions take turns on every run, so a busy machine slows each alike.
const llcs = installedLlcs().reverse();
function times(ir) {
  const ms = llcs.map(() => []);
  for (let i = 0; i < RUNS; i++) {
    llcs.forEach(({ version, path }, j) => {
      const r = runLlc(ir, path);
      if (!r.object) throw new Error(`llc ${version}: ${r.diagnostics[0]?.message}`);
      ms[j].push(r.ms);
    });
  }
  return ms.map(median);
}
const one = times(oneIr);
const each = tools.map((t) => times(t.ir));
llcs.forEach(({ version }, j) => {
  const per = each.map((t) => t[j]);
  const total = per.reduce((a, b) => a + b, 0);
  console.log(`llc ${version}: one-liner ${one[j].toFixed(1)} ms; tools total ${total.toFixed(0)} ms (median tool ${median(per).toFixed(1)} ms, slowest ${Math.max(...per).toFixed(1)} ms)`);
});
