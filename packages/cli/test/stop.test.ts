// Stopping a run (root, in the kernel): SIGINT/SIGTERM end it within about a
// second however busy it is (a syscall flood, a system() command still running),
// END runs, maps print, nothing stays attached, exit 0; a second SIGINT is a fast
// exit that still detaches. A ring buffer too small for the flood reports its
// lost events as bpftrace 0.17 does (fixtures/lost-events.json, recorded from it).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BIN, ensureBuilt, isRoot, linkIdsOf } from './helpers.js';

const hasGcc = spawnSync('sh', ['-c', 'command -v gcc'], { stdio: 'ignore' }).status === 0;
const skip = !isRoot ? 'they need root' : !hasGcc ? 'gcc is not installed' : undefined;
if (skip) console.warn(`\n!!! SKIPPED stop tests: ${skip} !!!\n`);
const d = describe.skipIf(skip !== undefined);

/** The flood's comm: every event the probes below see comes from it. */
const FLOOD = 'bpfts_flood';
const ON_FLOOD = `tracepoint:syscalls:sys_enter_getppid /comm == "${FLOOD}"/`;

let dir: string;
let floodBin: string;
beforeAll(() => {
  ensureBuilt();
  if (skip) return;
  dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-stop-'));
  floodBin = join(dir, FLOOD);
  execFileSync('gcc', ['-O2', '-static', '-o', floodBin, fileURLToPath(new URL('./workloads/flood.c', import.meta.url))]);
});
afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });


function bpfLinkIds(): Set<number> {
  const r = spawnSync('bpftool', ['-j', 'link', 'list'], { encoding: 'utf8' });
  return new Set(r.status === 0 ? (JSON.parse(r.stdout || '[]') as { id: number }[]).map((l) => l.id) : []);
}

interface Run {
  child: ChildProcess;
  out(): string;
  err(): string;
  /** Resolves once "Attaching N probes" (or its JSON line) is out and `settleMs` more passed. */
  attached(settleMs: number): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
}

function run(args: string[], env: NodeJS.ProcessEnv = {}): Run {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env } });
  // A flood prints megabytes: keep the head (the Attaching line) and the tail (END, maps).
  let head = '', tail = '', err = '';
  child.stdout!.on('data', (b: Buffer) => {
    if (head.length < 4096) head += b.toString();
    tail = (tail + b.toString()).slice(-65536);
  });
  child.stderr!.on('data', (b: Buffer) => { err += b; });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, at: Date.now() }));
  });
  // A run that does not stop is killed after 20 s, so a failing test still ends.
  const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
  void exited.then(() => clearTimeout(guard));
  return {
    child, exited, out: () => head + '\n...\n' + tail, err: () => err,
    attached: (settleMs) => new Promise((resolve, reject) => {
      const poll = setInterval(() => {
        if (/Attaching \d+ probe|"attached_probes"/.test(head)) { clearInterval(poll); setTimeout(resolve, settleMs); }
      }, 20);
      void exited.then(() => { clearInterval(poll); reject(new Error(`exited before attaching: ${err}`)); });
    }),
  };
}

/** Start the flood; stop() kills it. */
function flood(): { stop(): void } {
  const f = spawn(floodBin, ['120'], { stdio: 'ignore' });
  return { stop: () => f.kill('SIGKILL') };
}

d('stopping a run', () => {
  it('SIGINT under a syscall flood: exit 0 within 2 s, END ran, maps printed, all detached', async () => {
    const load = flood();
    try {
      const r = run(['-e', `${ON_FLOOD} { @n = count(); printf("%d %s\\n", pid, comm); } END { printf("END ran\\n"); }`]);
      await r.attached(1000);
      const ours = linkIdsOf(r.child.pid!);
      expect(ours.length).toBeGreaterThan(0);
      const sent = Date.now();
      r.child.kill('SIGINT');
      const e = await r.exited;
      console.log(`flood: SIGINT to exit ${e.at - sent} ms`);
      expect({ code: e.code, signal: e.signal }).toEqual({ code: 0, signal: null });
      expect(e.at - sent).toBeLessThan(2000);
      expect(r.out()).toContain(`${FLOOD}\n`);
      expect(r.out()).toMatch(/END ran\n\n\n@n: [1-9]\d*\n$/);
      const left = bpfLinkIds();
      expect(ours.filter((id) => left.has(id))).toEqual([]);
    } finally {
      load.stop();
    }
  });

  it('SIGTERM while system() runs a command: exit 0 within 2 s, END ran, all detached', async () => {
    const r = run(['--unsafe', '-e',
      'BEGIN { printf("begin\\n"); } interval:ms:50 { @runs = count(); system("sleep 5"); } END { printf("END ran\\n"); }']);
    await r.attached(0);
    await new Promise<void>((resolve) => { const p = setInterval(() => { if (r.out().includes('begin\n')) { clearInterval(p); resolve(); } }, 20); });
    await new Promise((resolve) => setTimeout(resolve, 500)); // sleep 5 is running now
    const ours = linkIdsOf(r.child.pid!);
    const sent = Date.now();
    r.child.kill('SIGTERM');
    const e = await r.exited;
    console.log(`system(): SIGTERM to exit ${e.at - sent} ms`);
    expect({ code: e.code, signal: e.signal }).toEqual({ code: 0, signal: null });
    expect(e.at - sent).toBeLessThan(2000);
    expect(r.out()).toMatch(/END ran\n\n\n@runs: [1-9]\d*\n$/);
    const left = bpfLinkIds();
    expect(ours.filter((id) => left.has(id))).toEqual([]);
  });

  it('a second SIGINT exits at once, still detaching', async () => {
    // END's own system() would hold the clean stop for its grace period; the second signal cuts it short.
    const r = run(['--unsafe', '-e', `${ON_FLOOD} { @n = count(); } END { system("sleep 5"); printf("END ran\\n"); }`]);
    const load = flood();
    try {
      await r.attached(300);
      const ours = linkIdsOf(r.child.pid!);
      const sent = Date.now();
      r.child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 150));
      r.child.kill('SIGINT');
      const e = await r.exited;
      console.log(`second SIGINT: first SIGINT to exit ${e.at - sent} ms`);
      expect({ code: e.code, signal: e.signal }).toEqual({ code: 130, signal: null });
      expect(e.at - sent).toBeLessThan(1500);
      expect(r.out()).not.toContain('@n:');
      const left = bpfLinkIds();
      expect(ours.filter((id) => left.has(id))).toEqual([]);
    } finally {
      load.stop();
    }
  });
});

d('lost events', () => {
  /** bpftrace 0.17's lines, N normalised (record-lost-events.mjs). */
  const oracle = JSON.parse(readFileSync(new URL('./fixtures/lost-events.json', import.meta.url), 'utf8')) as { text: string; json: string };
  const normalise = (line: string) => line.replace(/\d+/, 'N');

  for (const format of ['text', 'json'] as const) {
    it(`a flood overrunning a 1-page ring buffer reports lost events (${format})`, async () => {
      const load = flood();
      try {
        const r = run(['-f', format, '-e', `${ON_FLOOD} { printf("%d %s\\n", pid, comm); } END { printf("END ran\\n"); }`],
          { BPFTRACE_PERF_RB_PAGES: '1' });
        await r.attached(1000);
        r.child.kill('SIGINT');
        const e = await r.exited;
        expect(e.code).toBe(0);
        const lines = r.out().split('\n').filter((l) => /Lost \d+ events|"lost_events"/.test(l));
        expect(lines.length).toBeGreaterThan(0);
        for (const l of lines) expect(normalise(l)).toBe(format === 'json' ? oracle.json : oracle.text);
        const n = lines.map((l) => Number(/(\d+)/.exec(l)![1]));
        expect(Math.min(...n)).toBeGreaterThan(0);
      } finally {
        load.stop();
      }
    });
  }
});
