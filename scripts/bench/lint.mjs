// Benchmark "lint": parse + check of every /usr/sbin/*.bt tool with this kernel's KernelInfo.
// bpftrace 0.17 has no check-only mode: its nearest equivalent is `--emit-elf FILE`, a dry run
// that parses, checks, generates code and runs LLVM, but loads nothing. It does more work than
// lint (codegen + LLVM) and runs one process per tool, so ratios against it are indicative only;
// the like-for-like row is "one process per tool" (ours: a fresh node process per tool).
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fmtMiB, fmtMs, fmtRatio, median, ratio, ROOT, runMarked, table, tempDir } from './lib.mjs';

const WORKER = join(ROOT, 'scripts/bench/lint-worker.mjs');
const TOOLS_DIR = '/usr/sbin';

async function worker(files, passes) {
  const r = await runMarked([process.execPath, WORKER, '--passes', String(passes), ...files],
    { timeoutMs: 600_000, keepOutput: 1 << 20, marks: { cold: /^COLD_DONE$/ } });
  if (r.code !== 0) throw new Error(`lint worker failed (exit ${r.code}): ${r.stderr.trim().split('\n').slice(-3).join(' / ')}`);
  // wallMs: spawn to the end of pass 1, i.e. node start + imports + a cold lint of every file.
  return { ...JSON.parse(r.stdout.slice(r.stdout.indexOf('COLD_DONE\n') + 10)), wallMs: r.at.cold };
}

export async function run({ quick }) {
  const files = readdirSync(TOOLS_DIR).filter((f) => f.endsWith('.bt')).sort().map((f) => join(TOOLS_DIR, f));
  const passes = quick ? 3 : 10; // pass 1 cold, the others warm
  const reps = quick ? 1 : 3; // bpftrace runs per tool (median)
  const lines = [];
  const log = (s = '') => { lines.push(s); console.log(s); };

  // Ours, all tools in one process.
  const one = await worker(files, passes);
  const cold = one.passes[0];
  const warm = one.passes.slice(1);
  const warmTotal = median(warm.map((p) => p.totalMs));
  const warmTool = (name) => median(warm.map((p) => p.tools.find((t) => t.name === name).ms));

  // Ours, one fresh process per tool: the like-for-like comparison with bpftrace's per-tool processes.
  const perProc = new Map();
  if (!quick) for (const f of files) perProc.set(f, await worker([f], 1));

  // bpftrace 0.17, one `--emit-elf` dry run per tool.
  const elfDir = tempDir('bench-lint-');
  const theirs = new Map();
  for (const f of files) {
    const runs = [];
    for (let i = 0; i < reps; i++) runs.push(await runMarked(['bpftrace', '--emit-elf', join(elfDir, 'out.o'), f], { rss: true, timeoutMs: 120_000 }));
    theirs.set(f, { ms: median(runs.map((r) => r.exitMs)), code: runs[0].code, rssKb: Math.max(...runs.map((r) => r.maxRssKb ?? 0)) || undefined });
  }
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const theirTotal = sum([...theirs.values()].map((t) => t.ms));
  const theirRss = Math.max(...[...theirs.values()].map((t) => t.rssKb ?? 0)) || undefined;
  const perProcTotal = quick ? undefined : sum([...perProc.values()].map((w) => w.wallMs));
  const perProcSum = (f) => sum([...perProc.values()].map(f));
  const perProcRss = quick ? undefined : Math.max(...[...perProc.values()].map((w) => w.peakRssKb ?? 0));

  log(`lint: parse + check of ${files.length} tools in ${TOOLS_DIR}, KernelInfo of this kernel (linuxKernelInfo)`);
  log(`ours: node scripts/bench/lint-worker.mjs --passes ${passes} ${TOOLS_DIR}/*.bt   (pass 1 cold, median of ${passes - 1} warm passes)`);
  log(`bpftrace: bpftrace --emit-elf OUT.o ${TOOLS_DIR}/TOOL.bt, one process per tool, median of ${reps}`);
  log('  bpftrace 0.17 has no check-only mode (-d and --emit-elf are dry runs that also generate code with LLVM);');
  log('  --emit-elf is the nearest equivalent: it does more work than lint, so these ratios flatter us.');
  log();
  log(table(['measure', 'bpftrace-ts', 'bpftrace 0.17 --emit-elf', 'ratio'], [
    ['cold, all tools in one process: wall ms (node start + imports + pass 1)', fmtMs(one.wallMs), fmtMs(theirTotal), fmtRatio(one.wallMs, theirTotal)],
    ['  of which imports ms', fmtMs(one.importMs), '', ''],
    ['  of which pass 1 (cold) ms: parse + check', `${fmtMs(cold.totalMs)}: ${fmtMs(sum(cold.tools.map((t) => t.parseMs)))} + ${fmtMs(sum(cold.tools.map((t) => t.checkMs)))}`, '', ''],
    ['warm, all tools: ms (median pass)', fmtMs(warmTotal), 'n/a (no warm mode)', ''],
    ['one process per tool: sum of wall ms', quick ? 'skipped (--quick)' : fmtMs(perProcTotal), fmtMs(theirTotal), fmtRatio(perProcTotal, theirTotal)],
    ['  of which node start + imports / parse / check (sums)', quick ? '' : [perProcSum((w) => w.wallMs - w.passes[0].totalMs), perProcSum((w) => w.passes[0].tools[0].parseMs), perProcSum((w) => w.passes[0].tools[0].checkMs)].map(fmtMs).join(' / '), '', ''],
    ['peak RSS MiB (one process / largest per-tool process)', `${fmtMiB(one.peakRssKb)}${quick ? '' : ` / ${fmtMiB(perProcRss)}`}`, fmtMiB(theirRss), fmtRatio(quick ? one.peakRssKb : perProcRss, theirRss)],
  ]));
  log();
  const toolRows = files.map((f) => {
    const name = f.slice(TOOLS_DIR.length + 1);
    const c = cold.tools.find((t) => t.name === name);
    const t = theirs.get(f);
    const pp = perProc.get(f);
    return [name, fmtMs(c.ms), fmtMs(warmTool(name)), `${c.errors}/${c.warnings}`, pp ? fmtMs(pp.wallMs) : '-', fmtMs(t.ms), t.code === 0 ? 'ok' : `exit ${t.code}`, fmtRatio(pp?.wallMs, t.ms)];
  });
  log(table(['tool', 'ours cold ms', 'ours warm ms', 'ours errors/warnings', 'ours own process ms', 'bpftrace ms', 'bpftrace', 'ratio (own process)'], toolRows));

  return {
    text: lines.join('\n'),
    result: {
      tools: files.length, passes, bpftraceReps: reps,
      ours: {
        coldWallMs: one.wallMs, importMs: one.importMs, coldPassMs: cold.totalMs, warmPassMs: warmTotal, peakRssKb: one.peakRssKb,
        coldParseMs: sum(cold.tools.map((t) => t.parseMs)), coldCheckMs: sum(cold.tools.map((t) => t.checkMs)),
        perProcessTotalMs: perProcTotal, perProcessPeakRssKb: perProcRss,
      },
      bpftrace: { mode: '--emit-elf (dry run incl. codegen; no check-only mode in 0.17)', totalMs: theirTotal, peakRssKb: theirRss },
      ratios: { coldOneProcessVsBpftrace: ratio(one.wallMs, theirTotal), perProcessVsBpftrace: ratio(perProcTotal, theirTotal), peakRss: ratio(quick ? one.peakRssKb : perProcRss, theirRss) },
      perTool: files.map((f) => {
        const name = f.slice(TOOLS_DIR.length + 1);
        const c = cold.tools.find((t) => t.name === name);
        return { tool: name, oursColdMs: c.ms, oursColdParseMs: c.parseMs, oursColdCheckMs: c.checkMs, oursWarmMs: warmTool(name), errors: c.errors, warnings: c.warnings, oursOwnProcessMs: perProc.get(f)?.wallMs, bpftraceMs: theirs.get(f).ms, bpftraceExit: theirs.get(f).code };
      }),
    },
  };
}
