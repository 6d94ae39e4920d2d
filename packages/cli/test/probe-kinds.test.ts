// Raw tracepoints and watchpoints, end to end in the kernel (root), each with a
// deterministic trigger: the -c child's own syscalls, or a small C program built
// here whose global variable's address the test reads from its symbol table.
import { beforeAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ensureBuilt, isRoot } from './helpers.js';
// @ts-expect-error plain JS module shared with the watchpoints recorder
import { hardwareBreakpoints } from './fixtures/watchpoints/cases.mjs';

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

// watched is initialised, in .data: exec zeroes the start of .bss with stores from the
// kernel into the process's memory, which a breakpoint on a .bss variable sees (8 more writes here).
const WRITER = `
volatile long watched = -1;
int main(void) {
  /* The tracer attaches before the child runs: every write is seen. */
  for (int i = 1; i <= 3; i++) watched = i;
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
    const hw = hardwareBreakpoints(dir) as string;
    fires = hw === 'yes';
    if (!fires) console.warn(`SKIPPED watchpoint hit counts: ${hw} on this machine`);
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
