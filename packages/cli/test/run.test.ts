// Running programs end to end (root): output, -o, -f json, -d dumps, stdin,
// kprobes (attached where the kernel has them, a clear error where it has not),
// and a clean stop on SIGINT.
import { beforeAll, describe, expect, it } from 'vitest';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cli, ensureBuilt, isRoot, linkIdsOf } from './helpers.js';

beforeAll(ensureBuilt);
if (!isRoot) console.warn('\n!!! SKIPPED run tests: they need root !!!\n');
const d = describe.skipIf(!isRoot);

const HELLO = 'BEGIN { printf("hi\\n"); exit(); }';

/** Whether this kernel can attach kprobes: its kprobe PMU or tracefs's kprobe_events. */
const kprobes = existsSync('/sys/bus/event_source/devices/kprobe/type')
  || ['/sys/kernel/tracing', '/sys/kernel/debug/tracing'].some((t) => existsSync(`${t}/kprobe_events`));
if (isRoot) {
  console.warn(kprobes
    ? '\n!!! SKIPPED run test "kprobes: a clear error where the kernel has none": this kernel has kprobes !!!\n'
    : '\n!!! SKIPPED run test "kprobes: attach, count, exit": this kernel has no kprobes (no kprobe PMU, no kprobe_events) !!!\n');
}

/** Ids of every BPF link the kernel holds. */
function bpfLinkIds(): number[] {
  const r = spawnSync('bpftool', ['-j', 'link', 'list'], { encoding: 'utf8' });
  return r.status === 0 ? (JSON.parse(r.stdout || '[]') as { id: number }[]).map((l) => l.id) : [];
}


d('run', () => {
  it('prints BEGIN output and exits 0', () => {
    const r = cli(['-e', HELLO]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('Attaching 1 probe...\nhi\n')).toBe(true);
  });

  it('-q drops the Attaching line', () => {
    const r = cli(['-q', '-e', HELLO]);
    expect(r.stdout.startsWith('hi\n')).toBe(true);
  });

  it('positional parameters become $1..$N, from stdin too', () => {
    const r = cli(['-', '42', 'x'], { input: 'BEGIN { printf("%d %s %d\\n", $1, str($2), $#); exit(); }' });
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('42 x 2\n');
  });

  it('-o FILE receives the output; stdout gets only the blank lines before the exit maps', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-run-'));
    try {
      const out = join(dir, 'out.txt');
      const r = cli(['-o', out, '-e', HELLO]);
      expect(r.code).toBe(0);
      // bpftrace 0.17 writes the separator before the exit maps to the terminal
      // even with -o (test-fixtures/e2e/hello_output.expected was recorded from it).
      expect(r.stdout).toBe('\n\n');
      expect(readFileSync(out, 'utf8')).toContain('hi\n');
      expect(readFileSync(out, 'utf8')).not.toContain('hi\n\n\n');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('-f json prints one JSON object per line', () => {
    const r = cli(['-f', 'json', '-e', 'BEGIN { @n = count(); printf("hi\\n"); exit(); }']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(lines.map((l) => JSON.parse(l).type)).toContain('printf');
  });

  it.skipIf(!kprobes)('kprobes: attach, count, exit', () => {
    // vfs_read fires for any read on the machine (the CLI's own included): exit() at the first.
    const r = cli(['-e', 'kprobe:vfs_read { @reads = count(); exit(); }'], { timeout: 30_000 });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Attaching 1 probe\.\.\.\n[\s\S]*@reads: [1-9]\d*\n/);
  });

  it.skipIf(kprobes)('kprobes: a clear error where the kernel has none; exit 255 (as bpftrace when an attach fails)', () => {
    // The program loads (the verifier accepts kprobe programs); attaching says what is missing.
    const r = cli(['-e', 'kprobe:vfs_read { @reads = count(); }']);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^ERROR: kprobes are not available on this kernel/m);
    expect(r.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  });

  it('a missing -c binary is one ERROR line; exit 255', () => {
    const r = cli(['-c', '/nonexistent/cmd --flag', '-e', 'BEGIN { exit(); }']);
    expect(r.code).toBe(255);
    expect(r.stderr).toMatch(/^ERROR: .*\/nonexistent\/cmd/m);
  });

  it('-c runs the command and stops when it exits', () => {
    const r = cli(['-c', '/bin/true', '-e', 'tracepoint:syscalls:sys_enter_execve { @ = count(); }'], { timeout: 30_000 });
    expect(r.code).toBe(0);
  });

  it('SIGINT stops the run: maps printed, exit 0, its links gone', async () => {
    const child = spawn(process.execPath, [BIN, '-e', 'tracepoint:raw_syscalls:sys_enter { @calls = count(); }']);
    let stdout = '';
    child.stdout.on('data', (b) => { stdout += b; });
    await new Promise<void>((resolve) => {
      const poll = setInterval(() => { if (stdout.includes('Attaching')) { clearInterval(poll); resolve(); } }, 50);
    });
    await new Promise((r) => setTimeout(r, 300));
    const ours = linkIdsOf(child.pid!);
    expect(ours.length).toBeGreaterThan(0);
    const exited = new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stdout).toMatch(/@calls: \d+/);
    const left = new Set(bpfLinkIds());
    expect(ours.filter((id) => left.has(id))).toEqual([]);
  });
});

d('dry runs (-d)', () => {
  it('-d ast prints the AST under bpftrace 0.17\'s header, and runs nothing', () => {
    const r = cli(['-d', 'ast', '-e', HELLO]);
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('\nAST after: parser\n-------------------\nProgram\n BEGIN\n')).toBe(true);
    expect(r.stdout).not.toContain('Attaching');
  });

  it('-d prints the parser AST, the typed AST and the IR like bpftrace -d', () => {
    const r = cli(['-d', '-e', HELLO]);
    expect(r.code).toBe(0);
    const parserAt = r.stdout.indexOf('AST after: parser\n');
    const semanticAt = r.stdout.indexOf('AST after: Semantic\n');
    const irAt = r.stdout.indexOf('target triple');
    expect(parserAt).toBeGreaterThanOrEqual(0);
    expect(semanticAt).toBeGreaterThan(parserAt);
    expect(irAt).toBeGreaterThan(semanticAt);
  });

  it('-d ir prints LLVM IR only', () => {
    const r = cli(['-d', 'ir', '-e', HELLO]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^; ModuleID = /);
    expect(r.stdout).toMatch(/define .*@/);
  });
});

d('listing (-l)', () => {
  it('lists tracepoints matching a search over the last part, sorted', () => {
    const r = cli(['-l', 'sys_enter_open*']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toContain('tracepoint:syscalls:sys_enter_openat');
    expect(lines.every((l) => /^tracepoint:syscalls:sys_enter_open/.test(l))).toBe(true);
    expect([...lines].sort()).toEqual(lines);
  });

  it('lists BEGIN/END and software events from the tables; aliases work', () => {
    expect(cli(['-l', 'BEGIN']).stdout).toBe('BEGIN\n');
    expect(cli(['-l', 'software:*']).stdout).toContain('software:cpu-clock:\n');
    expect(cli(['-l', 't:syscalls:sys_enter_openat']).stdout).toBe('tracepoint:syscalls:sys_enter_openat\n');
  });

  it('-lv adds the tracepoint fields', () => {
    const r = cli(['-lv', 'tracepoint:syscalls:sys_enter_openat']);
    expect(r.stdout).toMatch(/^tracepoint:syscalls:sys_enter_openat\n(    .+\n)+$/);
    expect(r.stdout).toContain(' filename\n');
  });
});
