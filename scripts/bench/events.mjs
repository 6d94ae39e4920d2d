// Benchmark "events": cost per event of the generated BPF programs, measured by the kernel.
// With kernel.bpf_stats_enabled=1 the kernel accounts run_time_ns and run_cnt per program.
// Each tracer runs the script with `-c "bench_workload N"` (started once probes are attached);
// when the workload prints BENCH_DONE we read `bpftool prog show -j` for the programs the tracer
// holds (found through /proc/PID/fdinfo), while they are still attached, then kill the workload.
// ns/event = sum(run_time_ns) / sum(run_cnt) over those programs.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  bpftoolProgs, descendants, failureReason, fmtRatio, killGroup, leftoverCheck, median, onCleanup, oursUnavailable,
  progIdsOf, ratio, ROOT, alternate, runMarked, table, tempDir, TRACERS,
} from './lib.mjs';

const SCRIPTS = [
  { name: 'raw_syscalls:sys_enter', script: 'tracepoint:raw_syscalls:sys_enter { @[pid, comm] = count(); }' },
  { name: 'sys_exit_read hist', script: 'tracepoint:syscalls:sys_exit_read { @[comm] = hist(args->ret); }' },
];
const STATS = '/proc/sys/kernel/bpf_stats_enabled';
const TARGET = 0.8; // ours should cost at most 0.8x bpftrace per event

function buildWorkload(dir) {
  const bin = join(dir, 'bench_workload');
  execFileSync('gcc', ['-O2', '-o', bin, join(ROOT, 'scripts/bench/workload.c')], { stdio: 'inherit' });
  return bin;
}

/** Run the workload under the tracer; stats of the tracer's programs at BENCH_DONE. */
async function once(tracer, script, cmd, ourProgIds) {
  let sample;
  const r = await runMarked(tracer.argv(['-c', cmd, '-e', script]), {
    timeoutMs: 300_000,
    keepOutput: 2000,
    marks: { done: /^BENCH_DONE \d+ \d+$/ },
    onMark: (_name, line, child) => {
      const [, pid, ns] = line.split(' ');
      try {
        const ids = progIdsOf(descendants(child.pid).filter((p) => p !== Number(pid)));
        for (const id of ids) ourProgIds.add(id);
        const progs = bpftoolProgs().filter((p) => ids.has(p.id));
        const runNs = progs.reduce((a, p) => a + (p.run_time_ns ?? 0), 0);
        const runCnt = progs.reduce((a, p) => a + (p.run_cnt ?? 0), 0);
        sample = { programs: progs.map((p) => ({ id: p.id, name: p.name, type: p.type, run_time_ns: p.run_time_ns ?? 0, run_cnt: p.run_cnt ?? 0 })), runNs, runCnt, workloadNs: Number(ns) };
      } finally {
        try { process.kill(Number(pid), 'SIGTERM'); } catch { /* gone */ }
      }
    },
  });
  if (!sample) return { ok: false, reason: failureReason(r) };
  if (!sample.runCnt) return { ok: false, reason: `no runs counted (programs: ${sample.programs.length}; is bpf_stats_enabled on?)` };
  return { ok: true, ...sample, nsPerEvent: sample.runNs / sample.runCnt, exit: r.code };
}

/** The workload alone: how long N+N syscalls take with nothing attached. */
async function baseline(bin, n) {
  let ns;
  await runMarked([bin, String(n)], {
    marks: { done: /^BENCH_DONE / },
    onMark: (_n, line, child) => { ns = Number(line.split(' ')[2]); killGroup(child.pid); },
    timeoutMs: 120_000,
  });
  return ns;
}

export async function run({ quick }) {
  if (process.getuid() !== 0) throw new Error('needs root (bpf_stats_enabled, bpftool, tracing)');
  const n = quick ? 200_000 : 1_000_000;
  const reps = quick ? 1 : 5;
  const dir = tempDir('bench-events-');
  const bin = buildWorkload(dir);
  const cmd = `${bin} ${n}`;
  const unavailable = await oursUnavailable();
  const before = new Set(bpftoolProgs().map((p) => p.id));
  const ourProgIds = new Set();

  const old = readFileSync(STATS, 'utf8').trim();
  const restore = () => writeFileSync(STATS, `${old}\n`);
  onCleanup(restore); // also on error or signal
  writeFileSync(STATS, '1\n');
  const result = { syscallsPerRun: 2 * n, reps, bpfStatsEnabledBefore: old, scripts: [] };
  const rows = [];
  try {
    const baselines = [];
    for (const s of SCRIPTS) {
      const per = {};
      const all = await alternate(['bpftrace', 'ours'], reps, async (key) => {
        // The workload alone right before each traced run: wall-clock overhead is paired, as the
        // machine's load drifts (the kernel's per-event figure does not need this).
        const baseNs = await baseline(bin, n);
        baselines.push(baseNs);
        const r = await once(TRACERS[key], s.script, cmd, ourProgIds);
        return { ...r, overheadNs: r.ok ? (r.workloadNs - baseNs) / (2 * n) : undefined };
      }, unavailable ? { ours: `not available: ${unavailable}` } : {});
      for (const [key, runs] of Object.entries(all)) {
        const good = runs.filter((r) => r.ok);
        per[key] = good.length === runs.length
          ? { ok: true, runs: good.length, nsPerEvent: median(good.map((r) => r.nsPerEvent)), runCnt: median(good.map((r) => r.runCnt)),
            programs: good[0].programs.length, workloadNsPerSyscall: median(good.map((r) => r.workloadNs)) / (2 * n),
            overheadNsPerSyscall: median(good.map((r) => r.overheadNs)), samples: good }
          : { ok: false, reason: runs.find((r) => !r.ok).reason };
      }
      const b = per.bpftrace;
      const o = per.ours;
      for (const [key, v] of [['bpftrace', b], ['ours', o]]) {
        const label = TRACERS[key].label;
        if (!v.ok) { rows.push([s.name, label, v.reason, '', '', '', '', '']); continue; }
        rows.push([s.name, label, v.nsPerEvent.toFixed(1), String(Math.round(v.runCnt)), String(v.programs),
          v.workloadNsPerSyscall.toFixed(0), v.overheadNsPerSyscall.toFixed(0), String(v.runs)]);
      }
      const r = o.ok && b.ok ? ratio(o.nsPerEvent, b.nsPerEvent) : undefined;
      rows.push([s.name, 'ratio ours/bpftrace', r === undefined ? 'n/a' : `${fmtRatio(o.nsPerEvent, b.nsPerEvent)} ${r <= TARGET ? '(meets' : '(misses'} target <= ${TARGET}x)`,
        '', '', o.ok && b.ok ? fmtRatio(o.workloadNsPerSyscall, b.workloadNsPerSyscall) : 'n/a', o.ok && b.ok ? fmtRatio(o.overheadNsPerSyscall, b.overheadNsPerSyscall) : 'n/a', '']);
      for (const v of [b, o]) if (v.ok) for (const smp of v.samples) delete smp.ok;
      result.scripts.push({ name: s.name, script: s.script, bpftrace: b, ours: o, ratio: r, target: TARGET });
    }
    result.baselineWorkloadNsPerSyscall = median(baselines) / (2 * n);
  } finally {
    restore();
  }
  const restored = readFileSync(STATS, 'utf8').trim();
  const left = await leftoverCheck(before, ourProgIds);
  result.leftover = left;

  console.log(`events: ns per event = run_time_ns / run_cnt of the tracer's programs (kernel.bpf_stats_enabled=1), median of ${reps} runs`);
  console.log(`command per run: TRACER -c "${join('$TMP', 'bench_workload')} ${n}" -e SCRIPT   (workload: ${n} getppid + ${n} read of 1..64 bytes from /dev/zero)`);
  console.log(`workload alone: ${result.baselineWorkloadNsPerSyscall?.toFixed(0)} ns per syscall (median); overhead = traced - alone, paired per run, wall clock:`);
  console.log('noisy on a shared machine; ns/event is the kernel\'s own accounting and is the figure to compare');
  console.log();
  console.log(table(['script', 'tracer', 'ns/event', 'events (run_cnt)', 'progs', 'workload ns/syscall', 'overhead ns/syscall', 'runs'], rows));
  console.log();
  console.log(`kernel.bpf_stats_enabled restored to ${restored} (was ${old})`);
  console.log(left.ok ? `after: no program of ours left loaded (bpftool prog show; ${left.others} new ids belong to other processes)` : `after: LEFT LOADED: prog ids ${left.ours.join(', ')}`);
  return { result };
}
