// Benchmark "startup": from launch to probes live, for a script with hundreds of tracepoints and
// a one-tracepoint script. Each tracer runs with `-c LIVE` where LIVE is a tiny shell script that
// prints "BENCH_LIVE <pid>" and sleeps: bpftrace (and our CLI, which follows it) starts the -c
// command only after every probe is attached, so that line marks "probes are live" the same way
// for both tools. We also time the "Attaching N probes..." line, count the BPF programs the tracer
// holds at that moment, then kill LIVE and time the teardown (map printing, detach, exit).
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bpftoolProgs, descendants, failureReason, perfAttachments, fmtMiB, fmtMs, fmtRatio, hasTime, killGroup, leftoverCheck, median,
  oursUnavailable, progIdsOf, alternate, ratio, runMarked, table, tempDir, TRACERS,
} from './lib.mjs';

const SCRIPTS = [
  { name: 'syscalls:sys_enter_*', script: 'tracepoint:syscalls:sys_enter_* { @[probe] = count(); }', reps: 3, quickReps: 1 },
  { name: 'sys_enter_openat', script: 'tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }', reps: 5, quickReps: 2 },
];

async function once(tracer, script, live, ourProgIds) {
  let liveInfo;
  let probes;
  const r = await runMarked(tracer.argv(['-c', `/bin/sh ${live}`, '-e', script]), {
    rss: true,
    timeoutMs: 300_000,
    marks: { attach: /^Attaching \d+ probes?\.\.\./, live: /^BENCH_LIVE \d+$/ },
    onMark: (name, line, child) => {
      if (name === 'attach') probes = Number(/\d+/.exec(line)[0]);
      if (name !== 'live') return;
      // Probes are live: which programs and attachments does the tracer hold? Then let it finish.
      const livePid = Number(line.split(' ')[1]);
      const pids = descendants(child.pid).filter((p) => p !== livePid);
      const ids = progIdsOf(pids);
      for (const id of ids) ourProgIds.add(id);
      liveInfo = { programs: ids.size, attached: perfAttachments(pids), killedAt: performance.now() };
      try { process.kill(livePid, 'SIGTERM'); } catch { /* gone */ }
    },
  });
  if (r.at.live === undefined || r.code !== 0) return { ok: false, reason: failureReason(r) };
  // From killing LIVE (the -c command exits) to the tracer's exit: map printing and detach.
  const teardownMs = r.t0 + r.exitMs - liveInfo.killedAt;
  return { ok: true, attachLineMs: r.at.attach, liveMs: r.at.live, teardownMs, exitMs: r.exitMs, maxRssKb: r.maxRssKb, probes, programs: liveInfo.programs, attached: liveInfo.attached };
}

export async function run({ quick }) {
  const dir = tempDir('bench-startup-');
  const live = join(dir, 'live.sh');
  // Run through /bin/sh: bpftrace's -c wants an ELF binary. exec keeps the pid we print;
  // 120 s is a safety net if we never get to kill it.
  writeFileSync(live, '#!/bin/sh\necho "BENCH_LIVE $$"\nexec sleep 120\n');
  chmodSync(live, 0o755);
  const unavailable = await oursUnavailable();
  const before = new Set(bpftoolProgs().map((p) => p.id));
  const ourProgIds = new Set();
  const rows = [];
  const result = { scripts: [] };

  for (const s of SCRIPTS) {
    const reps = quick ? s.quickReps : s.reps;
    const per = {};
    const all = await alternate(['bpftrace', 'ours'], reps, (key) => once(TRACERS[key], s.script, live, ourProgIds),
      unavailable ? { ours: `not available: ${unavailable}` } : {});
    for (const [key, runs] of Object.entries(all)) {
      const good = runs.filter((r) => r.ok);
      per[key] = good.length === runs.length
        ? {
          ok: true, runs: good.length,
          attachLineMs: median(good.map((r) => r.attachLineMs)), liveMs: median(good.map((r) => r.liveMs)),
          teardownMs: median(good.map((r) => r.teardownMs)), exitMs: median(good.map((r) => r.exitMs)),
          maxRssKb: median(good.map((r) => r.maxRssKb)), probes: good[0].probes, programs: good[0].programs, attached: good[0].attached,
        }
        : { ok: false, reason: runs.find((r) => !r.ok).reason };
    }
    const b = per.bpftrace;
    const o = per.ours;
    for (const [key, v] of [['bpftrace', b], ['ours', o]]) {
      const label = TRACERS[key].label;
      if (!v.ok) { rows.push([s.name, label, v.reason, '', '', '', '', '', '']); continue; }
      rows.push([s.name, label, fmtMs(v.attachLineMs), fmtMs(v.liveMs), fmtMs(v.teardownMs), fmtMs(v.exitMs), fmtMiB(v.maxRssKb),
        `${v.probes ?? '?'} / ${v.attached ?? '?'} / ${v.programs ?? '?'}`, String(v.runs)]);
    }
    const liveRatio = o.ok && b.ok ? ratio(o.liveMs, b.liveMs) : undefined;
    const rssRatio = o.ok && b.ok ? ratio(o.maxRssKb, b.maxRssKb) : undefined;
    rows.push([s.name, 'ratio ours/bpftrace', o.ok && b.ok ? fmtRatio(o.attachLineMs, b.attachLineMs) : 'n/a', o.ok && b.ok ? fmtRatio(o.liveMs, b.liveMs) : 'n/a',
      o.ok && b.ok ? fmtRatio(o.teardownMs, b.teardownMs) : 'n/a', o.ok && b.ok ? fmtRatio(o.exitMs, b.exitMs) : 'n/a',
      o.ok && b.ok ? fmtRatio(o.maxRssKb, b.maxRssKb) : 'n/a', '', '']);
    const totalRatio = o.ok && b.ok ? ratio(o.exitMs, b.exitMs) : undefined;
    result.scripts.push({ name: s.name, script: s.script, reps, bpftrace: b, ours: o, ratios: { live: liveRatio, total: totalRatio, peakRss: rssRatio } });
  }

  const left = await leftoverCheck(before, ourProgIds);
  result.leftover = left;
  console.log(`startup: launch -> "Attaching N probes..." -> probes live (-c command started) -> exit; median of runs`);
  console.log(`command per run: /usr/bin/time -f %M TRACER -c '/bin/sh ${live}' -e SCRIPT   (TRACER = bpftrace | node packages/cli/bin/bpftrace-ts.js)`);
  if (!hasTime()) console.log('peak RSS: n/a, /usr/bin/time is missing (apt-get install time)');
  console.log();
  console.log(table(['script', 'tracer', 'attach line ms', 'live ms', 'teardown ms', 'total ms', 'peak RSS MiB', 'probes / attached / progs', 'runs'], rows));
  console.log('live: the -c command started (every probe attached); teardown: -c command killed -> tracer exited (maps printed, probes');
  console.log('detached); total: launch -> exit; attached: perf-event attachments the tracer held when live (bpftool perf show)');
  console.log();
  console.log(left.ok ? `after: no program of ours left loaded (bpftool prog show; ${left.others} new ids belong to other processes)` : `after: LEFT LOADED: prog ids ${left.ours.join(', ')}`);
  return { result };
}
