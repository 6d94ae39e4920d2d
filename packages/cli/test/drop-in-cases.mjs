// The cases record-drop-in.mjs records with bpftrace 0.17 and drop-in.test.ts runs with ours.
// `compare`: which of stdout, stderr and the exit code must be identical (default: all three).
// `program`: C source built (gcc -O0 or `cflags`, no PIE; g++ with `cxx`) into a fresh directory; "{PROG}" in args is its path.
// `files`: { relative path: text } written into that directory ({DIR} in args); `inDir`: run there.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The case's args, with its program built and files written; the caller removes `dir` after the run. */
export function prepare(c) {
  if (!c.program && !c.files) return { args: c.args, dir: undefined };
  const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-drop-in-prog-'));
  for (const [name, text] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  if (c.program) {
    const src = join(dir, c.cxx ? 'prog.cc' : 'prog.c');
    writeFileSync(src, c.program);
    execFileSync(c.cxx ? 'g++' : 'gcc', [...(c.cflags ?? ['-O0']), '-g', '-no-pie', '-o', join(dir, 'prog'), src]);
  }
  return { args: c.args.map((a) => a.replaceAll('{PROG}', join(dir, 'prog')).replaceAll('{DIR}', dir)), dir, cwd: c.inDir ? dir : undefined };
}

// A function with more integer arguments than x86_64 passes in registers: 7 and 8 go on the stack.
const STACK_ARGS = `
__attribute__((noinline)) long eight(long a, long b, long c, long d, long e, long f, long g, long h)
{ return a + b + c + d + e + f + g + h; }
int main(void) { return (int)eight(1, 2, 3, 4, 5, 6, 7007, 8008) & 1; }
`;
const NOTIFY = { __BPFTRACE_NOTIFY_PROBES_ATTACHED: '1' };

export const CASES = {
  // bpftrace's test suite sets this variable and starts a test's workload on this stderr line.
  'notify-attached': { args: ['-e', 'BEGIN { printf("begin\\n"); exit(); }'], env: NOTIFY },
  'notify-attached-tracepoint': {
    args: ['-c', '/bin/true', '-e', 'tracepoint:syscalls:sys_enter_exit_group /pid == cpid/ { printf("exit_group\\n"); exit(); }'],
    env: NOTIFY,
  },
  'notify-unset': { args: ['-e', 'BEGIN { printf("begin\\n"); exit(); }'] },
  // Exit statuses: 255 where bpftrace's main returns -1.
  'exit-child-missing': { args: ['-c', '/nonexistent/bpfts-cmd', '-e', 'BEGIN { exit(); }'] },
  // (stderr: bpftrace's messages around a failed kprobe depend on the kernel's kprobe support)
  'exit-attach-failed': { args: ['-e', 'kprobe:bpfts_no_such_function { }'], compare: ['stdout', 'exitCode'] },
  'exit-no-probes': { args: ['-e', 'uprobe:libc:bpfts_no_such_symbol { }'] },
  // A kprobe of a clause with other attach points is skipped with a warning when it fails.
  // (of stderr only the "could not attach" warnings: see exit-attach-failed)
  'skip-kprobes-of-a-list': {
    args: ['-e', 'kprobe:bpfts_no_such_a, kprobe:bpfts_no_such_b { } BEGIN { printf("begin\\n"); exit(); }'],
    compare: ['stdout', 'exitCode', 'skipWarnings'],
  },
  // BEGIN runs in the tracer's own process: its comm is the name it was run as.
  'comm-in-begin': { args: ['-e', 'BEGIN { printf("%s\\n", comm); exit(); }'], runAs: 'bpftrace' },
  // -p values bpftrace rejects before reading the script.
  'pid-out-of-range': { args: ['-p', '5000000', '-e', 'BEGIN { exit(); }'] },
  'pid-zero': { args: ['-p', '0', '-e', 'BEGIN { exit(); }'] },
  'pid-negative': { args: ['-p', '-5', '-e', 'BEGIN { exit(); }'] },
  'pid-huge': { args: ['-p', '99999999999999999999', '-e', 'BEGIN { exit(); }'] },
  // Numeric $N are read like C's strtoll with base 0.
  'positional-bases': {
    args: ['-e', 'BEGIN { printf("%d %o 0x%x %d\\n", $1, $2, $3, $4); exit(); }', '--', '42', '0644', '0x1f', '-010'],
  },
  'unroll-positional': { args: ['-e', 'BEGIN { $a = 0; unroll ($1) { $a = $a + 2; } printf("%d\\n", $a); exit(); }', '5'] },
  // bpftrace 0.17 refuses it when attaching (after "Attaching 1 probe..."); we refuse it while
  // checking, so lint reports it too, located: same exit status and message, a better place.
  'banned-kretprobe': { args: ['-e', 'kretprobe:_raw_spin_lock_irqsave { exit(); }'], compare: ['exitCode', 'errorMessage'] },
  // (only the "Map types" lines: the rest of --info is each tool's own)
  'info': { args: ['--info'], compare: ['mapTypes'] },
  'delete-without-key': { args: ['-e', 'BEGIN { @n = count(); @n = count(); delete(@n); @m[1] = count(); exit(); }'] },
  'sarg': { program: STACK_ARGS, args: ['-c', '{PROG}', '-e', 'uprobe:{PROG}:eight { printf("%d %d\\n", sarg0, sarg1); exit(); }'] },
  'cpid-without-child': { args: ['-e', 'BEGIN { printf("%d\\n", cpid); exit(); }'] },
  'lhist-suffixes': {
    args: ['-e', 'BEGIN { @k = lhist(1500, 0, 4096, 1024); @m = lhist(3145728, 0, 4194304, 1048576); ' +
      '@n = lhist(2047, 1024, 3072, 1024); @p = lhist(5, 0, 10, 1); exit(); }'],
  },
  'printf-buffers': {
    args: ['-e', 'BEGIN { $b = buf("Hi\\x01\\x7f~", 5); printf("[%r] [%rx] [%rh]\\n", $b, $b, $b); exit(); }'],
  },
  'json-cat': { args: ['-f', 'json', '-e', 'BEGIN { cat("/proc/sys/kernel/ostype"); exit(); }'] },
  'json-system': { args: ['--unsafe', '-f', 'json', '-e', 'BEGIN { system("echo a b c"); exit(); }'] },
  'print-top-hist': {
    args: ['-e', 'BEGIN { @h[3] = hist(30); @h[1] = hist(10); @h[2] = hist(20); print(@h, 2); print(@h, 10); ' +
      '@a[2] = avg(5); @a[3] = avg(5); @a[1] = avg(5); print(@a, 1); exit(); }'],
  },
  // Clauses on one event run in script order, whatever order the kernel fires its hooks in.
  'order-software': {
    args: ['-c', '/bin/true', '-e', 'software:page-faults:1 /pid == cpid/ { printf("a"); } ' +
      'software:page-faults:1 /pid == cpid/ { printf("b"); } software:page-faults:1 /pid == cpid/ { printf("c\\n"); exit(); }'],
  },
  'order-uprobe': {
    args: ['-c', '/bin/true', '-e', 'uprobe:libc:exit { printf("a"); } uprobe:libc:exit { printf("b"); } ' +
      'uprobe:libc:exit { printf("c\\n"); exit(); }'],
  },
  'order-tracepoint': {
    args: ['-c', '/bin/true', '-e', 'tracepoint:syscalls:sys_enter_exit_group /pid == cpid/ { printf("a"); } ' +
      'tracepoint:syscalls:sys_enter_exit_group /pid == cpid/ { printf("b"); } ' +
      'tracepoint:syscalls:sys_enter_exit_group /pid == cpid/ { printf("c\\n"); exit(); }'],
  },
};
