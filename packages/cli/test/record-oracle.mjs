#!/usr/bin/env node
// Records what bpftrace 0.17 (the oracle) prints for the CLI test cases into
// fixtures/bpftrace-oracle.json. Run as root on a machine with bpftrace 0.17:
//   node packages/cli/test/record-oracle.mjs [CASE ...]
// Two lines this VM adds to every bpftrace run are dropped (environment noise, not
// part of the message under test): the RLIMIT_MEMLOCK warning and the
// available_filter_functions read error. Library paths (the distribution's) are written
// as {LIBC} and {LIBPTHREAD} (loader-paths.mjs). Everything else is bpftrace's bytes.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { loaderPaths, withPaths } from './loader-paths.mjs';

const STRUCT_SCRIPT = `struct S { char a[6]; int8_t b; int16_t c; struct { int8_t d[2] } in }
struct T { char a[12]; unsigned int x:3, y:5 }
uprobe:libc:stat /str(arg0, 6) == "bpfts:"/ {
  $s = *(struct S *)arg0;
  $p = (struct S *)arg0;
  $t = (struct T *)arg0;
  printf("%s %d %d %d %d %d %d %d\\n", $s.a, $s.b, $s.c, $t->x, $t->y, $p->in.d[1], (*$t).y, sizeof($s));
  @v = $s; @k[$s, 1] = 2; @t = (1, $s); @d = $p->in.d;
  print($s);
  exit();
}`;

const CASES = {
  // Syntax errors (parser): the exact text and exit code.
  'syntax-extra-brace': ['-e', 'BEGIN { printf("hi\\n"); exit() }}'],
  'syntax-missing-value': ['-e', 'BEGIN { @x = }'],
  'syntax-unterminated-block': ['-e', 'BEGIN { @x = 1;'],
  'syntax-no-probe': ['-e', '@x = 1;'],
  // Semantic errors (type checker, probe expansion).
  'undefined-variable': ['-e', 'BEGIN { @x = $y; }'],
  'undefined-variable-tab': ['-e', 'BEGIN {\n\t@x = $y->z;\n}'],
  'tracepoint-not-found': ['-e', 'tracepoint:nope:nope { }'],
  'uprobe-binary-missing': ['-e', 'uprobe:/nonexistent/binary:foo { }'],
  // Invocation errors: first line compared (our usage text is in our words).
  'unrecognized-long-option': ['--bogus'],
  'invalid-short-option': ['-z'],
  'missing-argument-short': ['-e'],
  'missing-argument-long': ['--include'],
  'invalid-format': ['-f', 'xml', '-e', 'BEGIN { exit(); }'],
  'invalid-buffer-mode': ['-B', 'foo', '-e', 'BEGIN { exit(); }'],
  'invalid-pid': ['-p', 'abc', '-e', 'BEGIN { exit(); }'],
  'file-not-found': ['/nonexistent/script.bt'],
  // uprobe targets: library names resolved like the dynamic loader, non-executable
  // ELF files accepted, attach points whose symbol is missing left out (stdout too).
  'uprobe-library': ['-c', '/bin/true', '-e', 'uprobe:libc:exit { printf("%s\\n", probe); exit(); }'],
  'uprobe-library-missing': ['-e', 'uprobe:libnosuch:foo { }'],
  'uprobe-not-elf': ['-e', 'uprobe:/etc/passwd:foo { }'],
  'uprobe-missing-symbol': ['-e', 'uprobe:libpthread:pthread_create { } BEGIN { exit(); }'],
  'uprobe-missing-symbol-path': ['-e', 'uprobe:{LIBPTHREAD}:nosuchsym, uprobe:libc:exit { } BEGIN { exit(); }'],
  'uprobe-no-probes-left': ['-e', 'uprobe:libpthread:pthread_create { }'],
  // A kaddr() symbol missing from kallsyms.
  'kaddr-unresolved': ['-e', 'BEGIN { print(kaddr("avenrun")); exit(); }'],
  // Structs declared in the script, read from user memory: `test -e PATH` calls stat(PATH),
  // so arg0 points at known bytes. Members, nested records, arrays, bitfields; printed as
  // values, map keys, in tuples, by print(), in text and JSON.
  'struct-values': ['-c', '/usr/bin/test -e bpfts:ABCDEFGHIJKLMNOP', '-e', STRUCT_SCRIPT],
  'struct-values-json': ['-f', 'json', '-c', '/usr/bin/test -e bpfts:ABCDEFGHIJKLMNOP', '-e', STRUCT_SCRIPT],
};

const NOISE = [
  /^ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK.*\n/m,
  /^Error while reading traceable functions from [^\n]*?: (Operation not permitted|Permission denied)/m,
];

// With case names as arguments, only those are re-recorded; the others are kept.
const only = process.argv.slice(2);
const file = new URL('./fixtures/bpftrace-oracle.json', import.meta.url);
const out = { recordedWith: '', cases: only.length ? JSON.parse(readFileSync(file, 'utf8')).cases : {} };
out.recordedWith = spawnSync('bpftrace', ['-V'], { encoding: 'utf8' }).stdout.trim();
if (!out.recordedWith.startsWith('bpftrace v0.17')) {
  console.error(`need bpftrace 0.17, found: ${out.recordedWith || 'none'}`);
  process.exit(1);
}
const paths = loaderPaths();
for (const [name, args] of Object.entries(CASES)) {
  if (only.length && !only.includes(name)) continue;
  const r = spawnSync('bpftrace', args.map((a) => withPaths(a, paths)), { encoding: 'utf8', timeout: 20_000 });
  let stderr = r.stderr;
  for (const re of NOISE) stderr = stderr.replace(re, '');
  out.cases[name] = { args, exitCode: r.status, stderr: withPaths(stderr, paths, true), stdout: withPaths(r.stdout, paths, true) };
}
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${file.pathname}: ${Object.keys(CASES).length} cases`);
