// Shared helpers for the benchmarks: running tracers with timestamps on their output lines,
// peak RSS, which BPF programs a process holds, cleanup of children, and table output.
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../..');
// BENCH_OURS_BIN: measure another build of the CLI (or check the "not available" rows).
export const OURS_BIN = process.env.BENCH_OURS_BIN ?? join(ROOT, 'packages/cli/bin/bpftrace-ts.js');
export const TIME_BIN = '/usr/bin/time';

// ---- cleanup: every child runs in its own process group, killed on any way out ----

const liveGroups = new Set();
const exitHooks = [];

/** Run fn at exit (normal, error or signal); used to restore sysctls. */
export function onCleanup(fn) { exitHooks.push(fn); }

export function killGroup(pid, signal = 'SIGKILL') {
  try { process.kill(-pid, signal); } catch { /* already gone */ }
}

export function cleanupAll() {
  for (const pid of liveGroups) killGroup(pid);
  liveGroups.clear();
  while (exitHooks.length) { try { exitHooks.pop()(); } catch { /* keep going */ } }
}

process.on('exit', cleanupAll);
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { console.error(`\nbench: ${sig}, killing children`); cleanupAll(); process.exit(130); });
}

// ---- small utilities ----

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
export function median(xs) {
  const s = xs.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return undefined;
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
export const fmtMs = (x) => (x === undefined ? 'n/a' : x >= 100 ? x.toFixed(0) : x.toFixed(1));
export const fmtMiB = (kb) => (kb === undefined ? 'n/a' : (kb / 1024).toFixed(1));
export const fmtRatio = (ours, theirs) =>
  (ours === undefined || theirs === undefined || !theirs ? 'n/a' : `${(ours / theirs).toFixed(2)}x`);
export const ratio = (ours, theirs) =>
  (ours === undefined || theirs === undefined || !theirs ? undefined : ours / theirs);

export function tempDir(prefix) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A markdown table: readable in a terminal and pasteable into BENCHMARKS.md as is. */
export function table(headers, rows) {
  const cells = [headers, ...rows].map((r) => r.map((c) => String(c ?? '')));
  const width = headers.map((_, i) => Math.max(3, ...cells.map((r) => (r[i] ?? '').length)));
  const line = (r) => `| ${r.map((c, i) => c.padEnd(width[i])).join(' | ')} |`;
  return [line(cells[0]), `| ${width.map((w) => '-'.repeat(w)).join(' | ')} |`, ...cells.slice(1).map(line)].join('\n');
}

export const bpftraceVersion = () => {
  try { return execFileSync('bpftrace', ['--version'], { encoding: 'utf8' }).trim(); } catch { return undefined; }
};
export const hasTime = () => existsSync(TIME_BIN);

// ---- BPF programs ----

/** Pids of pid and all its descendants, from /proc/N/stat ppid fields. */
export function descendants(pid) {
  const parent = new Map();
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parent.set(Number(name), ppid);
    } catch { /* exited */ }
  }
  const out = [pid];
  for (let i = 0; i < out.length; i++) for (const [p, pp] of parent) if (pp === out[i]) out.push(p);
  return out;
}

/** Ids of the BPF programs the processes hold open (fdinfo of bpf-prog fds has prog_id). */
export function progIdsOf(pids) {
  const ids = new Set();
  for (const pid of pids) {
    let fds = [];
    try { fds = readdirSync(`/proc/${pid}/fd`); } catch { continue; }
    for (const fd of fds) {
      try {
        if (!readlinkSync(`/proc/${pid}/fd/${fd}`).includes('bpf-prog')) continue;
        const m = /^prog_id:\s*(\d+)/m.exec(readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8'));
        if (m) ids.add(Number(m[1]));
      } catch { /* fd closed meanwhile */ }
    }
  }
  return ids;
}

/** How many perf-event attachments (`bpftool perf show`: tracepoints, uprobes...) the pids hold. */
export function perfAttachments(pids) {
  const r = spawnSync('bpftool', ['perf', 'show', '-j'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) return undefined;
  const set = new Set(pids);
  return JSON.parse(r.stdout || '[]').filter((e) => set.has(e.pid)).length;
}

/** `bpftool prog show -j`: every loaded program with its stats. */
export function bpftoolProgs() {
  const r = spawnSync('bpftool', ['prog', 'show', '-j'], { encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) throw new Error(`bpftool prog show failed: ${r.stderr || r.error}`);
  return JSON.parse(r.stdout || '[]');
}

/**
 * Check nothing we started stays loaded: every program id seen held by one of our tracers must be
 * gone once they exited. Other new ids are reported but belong to other processes (other tests).
 */
export async function leftoverCheck(beforeIds, ourIds) {
  let left = [];
  for (let i = 0; i < 20; i++) { // the kernel frees programs asynchronously after close
    const now = new Set(bpftoolProgs().map((p) => p.id));
    left = [...ourIds].filter((id) => now.has(id));
    if (!left.length) return { ok: true, ours: [], others: [...now].filter((id) => !beforeIds.has(id)).length };
    await sleep(250);
  }
  return { ok: false, ours: left };
}

// ---- running a tracer ----

/**
 * Spawn argv in its own process group; timestamps (ms since spawn) for the first output line
 * matching each of `marks`. Resolves when the process exits or after timeoutMs (then killed).
 * With rss: true the command runs under /usr/bin/time, which reports the peak RSS (ru_maxrss;
 * that is the largest of the process and its descendants, which for a tracer is the tracer).
 */
export function runMarked(argv, { marks = {}, timeoutMs = 120_000, rss = false, env, cwd = ROOT, onMark, keepOutput = 4000 } = {}) {
  const dir = rss ? tempDir('bench-time-') : undefined;
  const full = rss && hasTime() ? [TIME_BIN, '-f', '%M', '-o', join(dir, 'rss'), ...argv] : argv;
  return new Promise((resolvePromise) => {
    const t0 = performance.now();
    const child = spawn(full[0], full.slice(1), { detached: true, env: { ...process.env, ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    liveGroups.add(child.pid);
    const at = {};
    const out = { stdout: '', stderr: '' };
    let timedOut = false;
    const scan = (stream, which) => {
      let partial = '';
      stream.on('data', (buf) => {
        const now = performance.now() - t0;
        const text = partial + buf.toString('utf8');
        const lines = text.split('\n');
        partial = lines.pop();
        for (const lineText of lines) {
          for (const [name, re] of Object.entries(marks)) {
            if (at[name] === undefined && re.test(lineText)) {
              at[name] = now;
              onMark?.(name, lineText, child);
            }
          }
        }
        out[which] = (out[which] + buf.toString('utf8')).slice(-keepOutput);
      });
    };
    scan(child.stdout, 'stdout');
    scan(child.stderr, 'stderr');
    const timer = setTimeout(() => { timedOut = true; killGroup(child.pid, 'SIGINT'); setTimeout(() => killGroup(child.pid), 3000); }, timeoutMs);
    child.on('error', (err) => { out.stderr += String(err); });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      liveGroups.delete(child.pid);
      killGroup(child.pid); // strays of the group (a -c child the tracer left behind)
      let maxRssKb;
      if (dir) {
        try {
          const m = /^(\d+)\s*$/m.exec(readFileSync(join(dir, 'rss'), 'utf8'));
          if (m) maxRssKb = Number(m[1]);
        } catch { /* killed before time wrote it */ }
        rmSync(dir, { recursive: true, force: true });
      }
      resolvePromise({ pid: child.pid, code, signal, timedOut, at, t0, exitMs: performance.now() - t0, maxRssKb, ...out });
    });
  });
}

/** First useful line of a failed run, for "not available: ..." rows. */
export function failureReason(r) {
  if (r.timedOut) return 'timed out';
  const lines = `${r.stderr}\n${r.stdout}`.split('\n').map((l) => l.trim())
    .filter((l) => l && !/RLIMIT_MEMLOCK|available_filter_functions|^Command exited with non-zero status/.test(l));
  const where = r.signal ? `killed by ${r.signal}` : `exit ${r.code}`;
  return `${where}${lines.length ? `: ${lines[0].slice(0, 120)}` : ''}`;
}

// ---- is our CLI ready to run scripts? ----

let oursCache;
/** undefined when `bpftrace-ts -e 'BEGIN { printf("hi\n"); exit(); }'` prints hi, else the reason. */
export async function oursUnavailable() {
  if (oursCache !== undefined) return oursCache || undefined;
  if (!existsSync(OURS_BIN)) return (oursCache = `${OURS_BIN} missing`);
  if (!existsSync(join(ROOT, 'packages/cli/dist/main.js'))) return (oursCache = 'packages/cli not built (npx tsc -b)');
  const r = await runMarked([process.execPath, OURS_BIN, '-e', 'BEGIN { printf("hi\\n"); exit(); }'], { timeoutMs: 30_000 });
  if (r.code === 0 && /^hi$/m.test(r.stdout)) return (oursCache = '') || undefined;
  const got = (r.stdout || r.stderr).trim().split('\n')[0]?.slice(0, 80) ?? '';
  return (oursCache = `CLI does not run scripts yet (BEGIN/printf/exit one-liner: ${r.timedOut ? 'timed out' : `exit ${r.code}`}${got ? `, printed ${JSON.stringify(got)}` : ''})`);
}

/** The tracer command lines, ours and bpftrace's, with the same arguments. */
export const TRACERS = {
  ours: { label: 'bpftrace-ts', argv: (args) => [process.execPath, OURS_BIN, ...args] },
  bpftrace: { label: 'bpftrace 0.17', argv: (args) => ['bpftrace', ...args] },
};

/**
 * reps runs of each tracer, alternating (b, o, b, o...) so that drift in the machine's load hits
 * both alike. A tracer that fails once is not run again: it fails the same way every time.
 * Returns { key: runs[] }; a key in `skip` (key -> reason) gets one failed run with that reason.
 */
export async function alternate(keys, reps, runOne, skip = {}) {
  const runs = Object.fromEntries(keys.map((k) => [k, skip[k] ? [{ ok: false, reason: skip[k] }] : []]));
  for (let i = 0; i < reps; i++) {
    for (const k of keys) {
      if (runs[k].some((r) => !r.ok)) continue;
      runs[k].push(await runOne(k));
    }
  }
  return runs;
}
