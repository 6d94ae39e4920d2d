// The cases record-drop-in.mjs records with bpftrace 0.17 and drop-in.test.ts runs with ours.
// `compare`: which of stdout, stderr and the exit code must be identical (default: all three).
// `program`: C source built (gcc -O0 or `cflags`, no PIE; g++ with `cxx`) into a fresh directory;
// "{PROG}" in args is its path (DIR/testprogs/prog in the main set, as bpftrace's suite lays its
// programs out; DIR/prog in the others). `files`: { relative path: text } written into that
// directory ({DIR} in args); `inDir`: run there.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/**
 * `trace`: the case writes to the kernel's trace buffer (debugf): "{MARK}" in args becomes a
 * token unique to the run, of fixed length (the columns of messages stay the same), and
 * traceLines() picks the run's lines out of the buffer, the token put back as "{MARK}".
 */
const TRACE = existsSync('/sys/kernel/tracing/trace') ? '/sys/kernel/tracing/trace' : '/sys/kernel/debug/tracing/trace';

/** The texts bpf_trace_printk wrote in this run, in order, with the run's token as "{MARK}". */
export function traceLines(mark) {
  const lines = readFileSync(TRACE, 'utf8').split('\n');
  return lines.flatMap((l) => {
    const m = /bpf_trace_printk: (.*)$/.exec(l);
    return m && m[1].includes(mark) ? [m[1].replaceAll(mark, '{MARK}')] : [];
  });
}

/**
 * The case's args, with its program built and files written, the directory to run in, and the
 * trace token; the caller removes `dir` after the run. `testprogs`: the program goes to
 * DIR/testprogs/prog (the main set's layout).
 */
export function prepare(c, { testprogs = false } = {}) {
  const mark = c.trace ? `bpfts${randomBytes(4).toString('hex')}` : undefined;
  const marked = (a) => (mark ? a.replaceAll('{MARK}', mark) : a);
  if (!c.program && !c.files) return { args: c.args.map(marked), dir: undefined, cwd: undefined, mark };
  const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-drop-in-prog-'));
  for (const [name, text] of Object.entries(c.files ?? {})) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const prog = testprogs ? join(dir, 'testprogs', 'prog') : join(dir, 'prog');
  if (c.program) {
    mkdirSync(dirname(prog), { recursive: true });
    const src = `${prog}.${c.cxx ? 'cc' : 'c'}`;
    writeFileSync(src, c.program);
    execFileSync(c.cxx ? 'g++' : 'gcc', [...(c.cflags ?? ['-O0']), '-g', '-no-pie', '-o', prog, src]);
  }
  return { args: c.args.map((a) => marked(a.replaceAll('{PROG}', prog).replaceAll('{DIR}', dir))), dir, cwd: c.inDir ? dir : undefined, mark };
}


// Data a uprobe reads: structs with arrays (buf() of an array takes its bytes), two structs
// passed by pointer (printf of their members), globals of 1, 2, 4 and 8 bytes (uaddr()), a
// string on the stack (a page that is present: BPF cannot fault one in).
const DATA = `
#include <stdint.h>
struct Foo { int a; char b[10]; };
struct Arrays { const char *a; char b[4]; uint8_t c[4]; int d[4]; uint16_t e[4]; uint64_t f[4]; };
int GLOBAL_INT = 0x55555555;
int GLOBAL_NEG = -5;
short GLOBAL_SHORT = 0x3333;
char GLOBAL_CHAR = 8;
long GLOBAL_LONG = 0x1122334455667788;
__attribute__((noinline)) void pair(struct Foo *x, struct Foo *y) { __asm__ volatile("" :: "r"(x), "r"(y)); }
__attribute__((noinline)) void arrays(struct Arrays *s) { __asm__ volatile("" :: "r"(s)); }
__attribute__((noinline)) void text(const char *s) { __asm__ volatile("" :: "r"(s)); }
int main(void) {
  struct Foo x = { 123, "hello" }, y = { 456, "world" };
  char bytes[] = { 9, 8, 7, 6, 0 };
  struct Arrays s = { bytes, { 5, 4, 3, 2 }, { 1, 2, 3, 4 }, { 5, 6, 7, 8 }, { 9, 10, 11, 12 }, { 13, 14, 15, 16 } };
  char t[] = "abcdefghijklmnopqrstuvwxyz";
  volatile long touch = GLOBAL_INT + GLOBAL_NEG + GLOBAL_SHORT + GLOBAL_CHAR + GLOBAL_LONG;
  (void)touch;
  pair(&x, &y);
  arrays(&s);
  text(t);
  return 0;
}
`;
const STRLEN_SCRIPT = 'uprobe:{PROG}:text { $s = str(arg0); printf("%s|%s|%d|%s\\n", $s, "literal longer than four", sizeof($s), str(arg0, 3)); ' +
  '@m = str(arg0); @k[str(arg0)] = 1; exit(); }';
const strlenCase = (value, compare) => ({ program: DATA, args: ['-c', '{PROG}', '-e', STRLEN_SCRIPT], env: { BPFTRACE_STRLEN: value }, ...(compare ? { compare } : {}) });
// cat() of a file whose text is the same on every Linux machine ("Linux\n").
const CAT_OSTYPE = 'BEGIN { cat("/proc/sys/kernel/ostype"); printf("|\\n"); exit(); }';
const catBytes = (value) => ({ args: ['-e', CAT_OSTYPE], env: { BPFTRACE_CAT_BYTES_MAX: value } });

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
  // Attach points naming a binary by a relative path (bpftrace's test suite: uprobe:testprogs/...).
  'uprobe-relative-path': {
    program: DATA, inDir: true,
    args: ['-c', './testprogs/prog', '-e', 'struct Foo { int a; char b[10]; } uprobe:testprogs/prog:pair { $x = (struct Foo *)arg0; ' +
      '$y = (struct Foo *)arg1; printf("%d %s %d %s\\n", $x->a, $x->b, $y->a, $y->b); exit(); }'],
  },
  'uaddr-sizes': {
    program: DATA,
    args: ['-c', '{PROG}', '-e', 'uprobe:{PROG}:pair { printf("0x%lx %d 0x%x %d 0x%lx\\n", *uaddr("GLOBAL_INT"), *uaddr("GLOBAL_NEG"), ' +
      '*uaddr("GLOBAL_SHORT"), *uaddr("GLOBAL_CHAR"), *uaddr("GLOBAL_LONG")); exit(); }'],
  },
  'buf-arrays': {
    program: DATA,
    args: ['-c', '{PROG}', '-e', 'struct Arrays { const char *a; char b[4]; uint8_t c[4]; int d[4]; uint16_t e[4]; uint64_t f[4]; } ' +
      'uprobe:{PROG}:arrays { $s = (struct Arrays *)arg0; printf("%r-%r-%r-%r-%r-%r\\n", buf($s->a, 4), buf($s->b, 4), buf($s->c), ' +
      'buf($s->d), buf($s->e), buf($s->f)); exit(); }'],
  },
  // bpftrace 0.17 warns, then prints all 16 bytes, 10 of them past the 6 it kept (stack garbage):
  // we print the 6 (drop-in.test.ts). Its warning names the program's temporary path.
  'buf-array-strlen': {
    program: DATA, env: { BPFTRACE_STRLEN: '6' }, compare: ['exitCode'],
    args: ['-c', '{PROG}', '-e', 'struct Arrays { const char *a; char b[4]; uint8_t c[4]; int d[4]; } ' +
      'uprobe:{PROG}:arrays { $s = (struct Arrays *)arg0; printf("%r\\n", buf($s->d)); exit(); }'],
  },
  // BPFTRACE_STRLEN: the size of str() results (the NUL included); literals keep their size.
  'strlen-default': { program: DATA, args: ['-c', '{PROG}', '-e', STRLEN_SCRIPT] },
  'strlen-4': strlenCase('4'),
  'strlen-8': strlenCase('8'),
  'strlen-plus-sign': strlenCase('+5'),
  'strlen-trailing-text': strlenCase(' 8x'),
  // bpftrace 0.17 takes 200, then llc fails on its stack (a long message): we say so, located.
  'strlen-200': strlenCase('200', ['exitCode']),
  'strlen-201': strlenCase('201'),
  'strlen-negative': strlenCase('-1'),
  'strlen-not-a-number': strlenCase('abc'),
  'strlen-overflow': strlenCase('99999999999999999999999'),
  // bpftrace 0.17 accepts 0, then fails to create its maps: we refuse the value itself.
  'strlen-zero': strlenCase('0', ['exitCode']),
  // strcontains() of literals (folded), of comm (the tracer's name in BEGIN) and a variable needle.
  'strcontains': {
    runAs: 'bpftrace',
    args: ['-e', 'BEGIN { printf("%d %d %d %d\\n", strcontains("abc", "a"), strcontains("abc", "bd"), strcontains("abc", ""), strcontains("", "a")); ' +
      'printf("%d %d %d %d %d\\n", strcontains(comm, "bpf"), strcontains(comm, "trace"), strcontains(comm, "xyz"), strcontains(comm, ""), ' +
      'strcontains(comm, "bpftrace")); $n = "ace"; printf("%d %d %d\\n", strcontains("bpftrace", $n), strcontains($n, "ce"), strcontains($n, "z")); exit(); }'],
  },
  // strerror() of constants from a header given by --include (bpftrace's suite: call.strerror).
  'strerror-include': { args: ['--include', 'errno.h', '-e', 'BEGIN { print(strerror(EPERM)); printf("%s %d\\n", strerror(ENOTSUP), EHWPOISON); exit(); }'] },
  'strerror-values': {
    args: ['-e', 'BEGIN { printf("%s|%s|%s|%s|%s\\n", strerror(0), strerror(4), strerror(200), strerror(-1), strerror(4001)); ' +
      'print((strerror(2), 1)); exit(); }'],
  },
  // bpftrace 0.17 writes strerror() values unquoted in JSON (not JSON): we quote them.
  'json-strerror': { args: ['-f', 'json', '-e', 'BEGIN { print(strerror(1)); print((strerror(4), 1)); exit(); }'], compare: ['exitCode'] },
  // debugf(): bpf_trace_printk, to the kernel's trace buffer (bpftrace's suite: call.debugf*).
  'debugf': {
    trace: true,
    args: ['-e', 'BEGIN { debugf("{MARK} plain"); printf("printf %d\\n", 0); debugf("{MARK} %s %d %x", "a", 1, 16); ' +
      'debugf("{MARK} |%5d|%-3s|%%", 7, "ab"); debugf("{MARK} %lu %s", 7, comm); exit(); }'],
    runAs: 'bpftrace',
  },
  // bpftrace 0.17 passes %d, %u, %x on as written: bpf_trace_printk reads 32 bits of our 64 (1<<40 prints 0).
  'debugf-wide-ints': { trace: true, args: ['-e', 'BEGIN { debugf("{MARK} %d %x %u", 1 << 40, -1, -1); exit(); }'], compare: ['exitCode'] },
  // -kk: failed reads of memory are reported (bpftrace's suite: json-output.helper_error). BEGIN has no
  // address space: probe_read reads user memory below TASK_SIZE (EFAULT at 0). bpftrace 0.17 also
  // warns "Addrspace is not set" (its own state), and its columns drift by one after a cast.
  'json-helper-error-read': { args: ['-kk', '-q', '-f', 'json', '-e', 'struct foo {int a;}; BEGIN { $tmp = ((struct foo*) 0)->a; exit(); }'], compare: ['stdout', 'exitCode'] },
  'helper-error-reads': {
    args: ['-kk', '-e', 'BEGIN { $s = str(0); $b = buf(0, 2); @x = *(int32*)0; $f = ((struct task_struct *)0)->pid; exit(); }'],
    compare: ['exitCode'],
  },
  'helper-error-reads-k': { args: ['-k', '-e', 'BEGIN { $s = str(0); @x = *(int32*)0; exit(); }'], compare: ['stdout', 'exitCode'] },
  // BEGIN runs before the other probes attach: an interval fires its period after it (bpftrace's suite: call.printf_llu).
  'begin-before-interval': {
    args: ['-e', 'BEGIN { @start = nsecs; } interval:ms:300 { printf("%d\\n", (nsecs - @start) / 300000000); clear(@start); exit(); }'],
  },
  // cat(): a file it cannot read is an error line, and the run goes on.
  'cat-missing': { args: ['-e', 'BEGIN { cat("/does/not/exist/file"); printf("after\\n"); exit(); }'] },
  'cat-directory': { args: ['-e', 'BEGIN { cat("/"); printf("after\\n"); exit(); }'] },
  'json-cat-missing': { args: ['-f', 'json', '-e', 'BEGIN { cat("/does/not/exist/file"); exit(); }'] },
  // BPFTRACE_CAT_BYTES_MAX: read like a uint64_t by C++ streams.
  'cat-bytes-max-3': catBytes('3'),
  'cat-bytes-max-0': catBytes('0'),
  'cat-bytes-max-trailing-text': catBytes(' 3x'),
  'cat-bytes-max-negative': catBytes('-3'),
  'cat-bytes-max-not-a-number': catBytes('abc'),
  'cat-bytes-max-empty': catBytes(''),
  'cat-bytes-max-overflow': catBytes('99999999999999999999999'),
  // -c is split at spaces only: quotes stay (bpftrace's suite: json-output.join_delim).
  'command-quotes': { args: ['-c', `/bin/echo 'A B' "c" d\\e`, '-e', 'BEGIN { }'] },
  // bpftrace 0.17 passes the empty words between two spaces on (echo prints "a  b"): we drop them.
  'command-double-space': { args: ['-c', '/bin/echo a  b', '-e', 'BEGIN { }'], compare: ['exitCode'] },
  'order-tracepoint': {
    args: ['-c', '/bin/true', '-e', 'tracepoint:syscalls:sys_enter_exit_group /pid == cpid/ { printf("a"); } ' +
      'tracepoint:syscalls:sys_enter_exit_group /pid == cpid/ { printf("b"); } ' +
      'tracepoint:syscalls:sys_enter_exit_group /pid == cpid/ { printf("c\\n"); exit(); }'],
  },
};
