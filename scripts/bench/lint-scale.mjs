// Benchmark "lint-scale": `bpftrace-ts lint FILE` (the CLI, a fresh process) on generated
// 100,000-statement scripts of several shapes (test/support/big-scripts.mjs, the same scripts the
// lint-scale test checks for correct results). Target: each under 10 s and 1 GiB.
// bpftrace 0.17 has no check-only mode, and its `--emit-elf` dry run needs ~20 s and 1.7 GB for
// 10,000 statements already; so it is measured once, on the maps shape at 10,000 statements, with
// ours on the same script beside it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHAPES, STATEMENTS, expected } from '../../test/support/big-scripts.mjs';
import { failureReason, fmtMiB, fmtMs, fmtRatio, median, OURS_BIN, ratio, runMarked, table, tempDir } from './lib.mjs';

const LIMIT_MS = 10_000;
const LIMIT_KB = 1024 * 1024;
const REFERENCE_STATEMENTS = 10_000;

async function lintRuns(file, reps) {
  const runs = [];
  for (let i = 0; i < reps; i++) {
    runs.push(await runMarked([process.execPath, OURS_BIN, 'lint', file], { rss: true, timeoutMs: 300_000, keepOutput: 1 << 22 }));
  }
  return {
    ms: median(runs.map((r) => r.exitMs)),
    rssKb: Math.max(...runs.map((r) => r.maxRssKb ?? 0)) || undefined,
    code: runs[0].code,
    errors: (runs[0].stdout.match(/: ERROR: /g) ?? []).length,
    failure: runs.filter((r) => r.timedOut || r.signal || r.code > 1).map(failureReason)[0],
  };
}

export async function run({ quick }) {
  const reps = quick ? 1 : 3;
  const dir = tempDir('bench-lint-scale-');
  const lines = [];
  const log = (s = '') => { lines.push(s); console.log(s); };

  const shapes = [];
  for (const [name, shape] of Object.entries(SHAPES)) {
    const text = shape.script(STATEMENTS);
    const file = join(dir, `${name}.bt`);
    writeFileSync(file, text);
    const want = expected(shape.errors, STATEMENTS);
    const r = await lintRuns(file, reps);
    const ok = !r.failure && r.errors === want && r.code === (want ? 1 : 0);
    shapes.push({ name, bytes: text.length, probes: shape.syntaxError ? '-' : expected(shape.probes, STATEMENTS), statements: shape.syntaxError ? '-' : expected(shape.statements, STATEMENTS), want, ...r, ok });
  }

  // bpftrace 0.17 for scale, where it still finishes: --emit-elf of the maps shape at 10,000 statements.
  let reference;
  if (!quick) {
    const file = join(dir, 'maps-reference.bt');
    writeFileSync(file, SHAPES.maps.script(REFERENCE_STATEMENTS));
    const theirs = await runMarked(['bpftrace', '--emit-elf', join(dir, 'out.o'), file], { rss: true, timeoutMs: 300_000 });
    const ours = await lintRuns(file, reps);
    reference = { statements: REFERENCE_STATEMENTS, oursMs: ours.ms, oursRssKb: ours.rssKb, bpftraceMs: theirs.exitMs, bpftraceRssKb: theirs.maxRssKb, bpftraceExit: theirs.code, bpftraceFailure: theirs.code ? failureReason(theirs) : undefined };
  }

  log(`lint-scale: bpftrace-ts lint FILE (a fresh process) on ${STATEMENTS.toLocaleString('en')}-statement scripts; median of ${reps}, peak RSS the largest`);
  log(`command per run: /usr/bin/time -f %M node packages/cli/bin/bpftrace-ts.js lint FILE   (scripts: test/support/big-scripts.mjs)`);
  log();
  log(table(['shape', 'MB', 'probes', 'statements', 'wall ms', 'peak RSS MiB', 'errors (expected)', `under ${LIMIT_MS / 1000} s and 1 GiB`], shapes.map((s) => [
    s.name, (s.bytes / 1e6).toFixed(2), s.probes, s.statements, fmtMs(s.ms), fmtMiB(s.rssKb), `${s.errors} (${s.want})${s.ok ? '' : ` WRONG${s.failure ? `: ${s.failure}` : ''}`}`,
    s.ms < LIMIT_MS && s.rssKb < LIMIT_KB ? 'yes' : 'NO',
  ])));
  if (reference) {
    log();
    log(`bpftrace 0.17 for scale: bpftrace --emit-elf OUT.o FILE (a dry run with code generation) against our lint, maps shape at ${REFERENCE_STATEMENTS.toLocaleString('en')} statements`);
    log(table(['measure', 'bpftrace-ts lint', 'bpftrace 0.17 --emit-elf', 'ratio'], [
      ['wall ms', fmtMs(reference.oursMs), `${fmtMs(reference.bpftraceMs)}${reference.bpftraceFailure ? ` (${reference.bpftraceFailure})` : ''}`, fmtRatio(reference.oursMs, reference.bpftraceMs)],
      ['peak RSS MiB', fmtMiB(reference.oursRssKb), fmtMiB(reference.bpftraceRssKb), fmtRatio(reference.oursRssKb, reference.bpftraceRssKb)],
    ]));
  }
  const bad = shapes.filter((s) => !s.ok);
  if (bad.length) throw new Error(`lint-scale: wrong results for ${bad.map((s) => s.name).join(', ')}`);

  return {
    text: lines.join('\n'),
    result: {
      statements: STATEMENTS, reps,
      shapes: shapes.map(({ name, bytes, probes, statements, ms, rssKb, errors, want, code }) => ({ name, bytes, probes, statements, wallMs: ms, peakRssKb: rssKb, errors, expectedErrors: want, exit: code })),
      reference: reference && { ...reference, ratioMs: ratio(reference.oursMs, reference.bpftraceMs), ratioRss: ratio(reference.oursRssKb, reference.bpftraceRssKb) },
    },
  };
}
