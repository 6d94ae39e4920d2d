// Lint (parse + check) the given .bt files in this one process, with the KernelInfo of the
// running kernel, and print one JSON object of timings. Run by lint.mjs in a fresh node process
// so that "cold" is really cold (module loading, grammar construction, kernel reads, JIT).
//   node lint-worker.mjs [--passes N] FILE...
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';

const ROOT = join(import.meta.dirname, '../..');
const args = process.argv.slice(2);
let passes = 1;
if (args[0] === '--passes') { passes = Number(args[1]); args.splice(0, 2); }
const files = args;

const t0 = performance.now();
// The built packages, as the CLI uses them (dist/ from `npx tsc -b`).
const { parse } = await import(join(ROOT, 'packages/parser/dist/index.js'));
const { check } = await import(join(ROOT, 'packages/typecheck/dist/index.js'));
const { linuxKernelInfo } = await import(join(ROOT, 'packages/cli/dist/kernel/index.js'));
const importMs = performance.now() - t0;

const sources = files.map((f) => ({ name: basename(f), text: readFileSync(f, 'utf8') }));
const t1 = performance.now();
const kernel = linuxKernelInfo(); // lazy: formats and BTF are read on first use, inside pass 1
const kernelInfoMs = performance.now() - t1;

function lintOne(src) {
  const s = performance.now();
  const parsed = parse(src.text, { file: src.name });
  const parseMs = performance.now() - s;
  let diags = parsed.diagnostics;
  if (parsed.ast) diags = diags.concat(check(parsed.ast, kernel, { params: [], file: src.name }).diagnostics);
  const ms = performance.now() - s;
  return { ms, parseMs, checkMs: ms - parseMs, errors: diags.filter((d) => d.severity === 'error').length, warnings: diags.filter((d) => d.severity === 'warning').length };
}

// Pass 1 is cold (first parse builds the grammar; first use of BTF reads and parses it).
// Later passes are warm: same process, same KernelInfo (its caches filled), JIT-compiled code.
const perPass = [];
for (let p = 0; p < passes; p++) {
  const s = performance.now();
  const tools = sources.map((src) => ({ name: src.name, ...lintOne(src) }));
  perPass.push({ totalMs: performance.now() - s, tools });
  // The parent timestamps this line: the wall time of a cold lint of every tool.
  if (p === 0) process.stdout.write('COLD_DONE\n');
}

const hwm = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8'));
process.stdout.write(JSON.stringify({
  importMs, kernelInfoMs,
  passes: perPass, peakRssKb: hwm ? Number(hwm[1]) : undefined,
}));
