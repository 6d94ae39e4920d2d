// Raw tracepoints and watchpoints, end to end in the kernel (root), each with a
// deterministic trigger: the -c child's own syscalls, or a small C program built
// here whose global variable's address the test reads from its symbol table.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ensureBuilt, isRoot } from './helpers.js';

beforeAll(ensureBuilt);
const hasGcc = spawnSync('gcc', ['--version']).status === 0;
if (!isRoot) console.warn('SKIPPED probe kinds tests: they need root');
else if (!hasGcc) console.warn('SKIPPED probe kinds tests: gcc is not installed');
const d = describe.skipIf(!isRoot || !hasGcc);

/** exit_group(2)'s number, the child's last syscall. */
const NR_EXIT_GROUP = process.arch === 'arm64' ? 94 : 231;

let dir = '';
beforeAll(() => { dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-probe-kinds-')); return () => rmSync(dir, { recursive: true, force: true }); });

function build(name: string, source: string): string {
  writeFileSync(join(dir, `${name}.c`), source);
  execFileSync('gcc', ['-O0', '-no-pie', '-o', join(dir, name), join(dir, `${name}.c`)]);
  return join(dir, name);
}

/** A data symbol's address, from the (non-PIE) executable's symbol table. */
function symbolAddress(exe: string, symbol: string): string {
  const m = new RegExp(`^([0-9a-f]+) [bBdD] ${symbol}$`, 'm').exec(execFileSync('nm', [exe], { encoding: 'utf8' }));
  if (!m) throw new Error(`${symbol} not in ${exe}`);
  return `0x${m[1]!.replace(/^0+/, '')}`;
}

d('rawtracepoint (bpftrace 0.17 aborts on these; later bpftrace runs them, arguments as arg0..argN)', () => {
  it('sys_enter: arg1 is the syscall number; the child\'s exit_group is seen once', () => {
    const r = cli(['-c', '/bin/true', '-e',
      `rawtracepoint:sys_enter /pid == cpid && arg1 == ${NR_EXIT_GROUP}/ { printf("exit_group %d\\n", arg1); }`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`Attaching 1 probe...\nexit_group ${NR_EXIT_GROUP}\n\n\n`);
  });

  it('a wildcard attaches every matching raw tracepoint, one program each, with its own probe name', () => {
    const r = cli(['-c', '/bin/true', '-e', 'rawtracepoint:sched_process_ex* /pid == cpid/ { printf("%s\\n", probe); }']);
    expect(r.stderr).toBe('');
    expect(r.stdout).toBe('Attaching 2 probes...\nrawtracepoint:sched_process_exec\nrawtracepoint:sched_process_exit\n\n\n');
  });

  it('an unknown raw tracepoint and reading past the last argument fail to attach, exit 255 (as bpftrace exits when an attach fails)', () => {
    const unknown = cli(['-e', 'rawtracepoint:no_such_tracepoint_xyz { exit(); }']);
    expect(unknown.code).toBe(255);
    expect(unknown.stderr).toContain('rawtracepoint not found: no_such_tracepoint_xyz');
    // sched_switch has 4 arguments (preempt, prev, next, prev_state).
    const past = cli(['-e', 'rawtracepoint:sched_switch { printf("%d\\n", arg7); exit(); }']);
    expect(past.code).toBe(255);
    expect(past.stderr).toContain("Error attaching probe: 'rawtracepoint:sched_switch': the program reads more arguments than sched_switch has");
  });
});

const WRITER = `
volatile long watched;
int main(void) {
  /* The tracer attaches before the child runs: every write is seen. */
  for (int i = 1; i <= 3; i++) watched = i;
  return 0;
}
`;

/**
 * Whether hardware breakpoints fire here: a process watches its own variable and
 * counts its writes. Some virtual machines accept breakpoints but never raise them.
 */
const PROBE_BP = `
#include <linux/hw_breakpoint.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>
volatile long v;
int main(void) {
  struct perf_event_attr a;
  memset(&a, 0, sizeof a);
  a.type = PERF_TYPE_BREAKPOINT; a.size = sizeof a; a.bp_type = HW_BREAKPOINT_W;
  a.bp_addr = (unsigned long)&v; a.bp_len = 8; a.sample_period = 1;
  int fd = syscall(__NR_perf_event_open, &a, 0, -1, -1, 0);
  if (fd < 0) { printf("none\\n"); return 0; }
  for (int i = 0; i < 10; i++) v = i;
  long long n = 0;
  if (read(fd, &n, sizeof n) != sizeof n) n = 0;
  printf("%lld\\n", n);
  return 0;
}
`;

d('watchpoint:ADDR:LEN:MODE (a perf breakpoint event with the program attached)', () => {
  let writer = '';
  let addr = '';
  let fires = false;
  beforeAll(() => {
    writer = build('writer', WRITER);
    addr = symbolAddress(writer, 'watched');
    const n = execFileSync(build('probe_bp', PROBE_BP), { encoding: 'utf8' }).trim();
    fires = n !== 'none' && Number(n) > 0;
    if (!fires) console.warn(`SKIPPED watchpoint hit counts: hardware breakpoints ${n === 'none' ? 'are not available' : 'never fire'} on this machine`);
  });

  it('attaches to the -c child, counts its writes, detaches when it exits', (ctx) => {
    const r = cli(['-c', writer, '-e', `BEGIN { @writes = 0; } watchpoint:${addr}:8:w /pid == cpid/ { @writes++; } END { printf("writes=%d\\n", @writes); clear(@writes); }`]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout.startsWith('Attaching 3 probes...\n')).toBe(true);
    if (!fires) return ctx.skip('hardware breakpoints do not fire here');
    expect(r.stdout).toContain('writes=3\n');
  });

  it('probe names it as bpftrace 0.17 does (the address in decimal)', (ctx) => {
    if (!fires) return ctx.skip('hardware breakpoints do not fire here');
    const r = cli(['-c', writer, '-e', `watchpoint:${addr}:8:w { printf("%s\\n", probe); exit(); }`]);
    expect(r.stdout).toContain(`watchpoint:${Number(addr)}:8:w\n`);
  });

  it('more watchpoints than the CPU has debug registers: bpftrace 0.17\'s message, exit 255 (an attach failure)', () => {
    const aps = [0, 8, 16, 24, 32].map((o) => `watchpoint:0x${(Number(addr) + o).toString(16)}:8:w`).join(',');
    const r = cli(['-c', writer, '-e', `${aps} { exit(); }`]);
    expect(r.code).toBe(255);
    expect(r.stderr).toContain('Failed to attach watchpoint probe. You are out of watchpoint registers.');
  });
});
