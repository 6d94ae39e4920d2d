#!/usr/bin/env node
// Records what bpftrace 0.17 (the oracle) prints for the CLI test cases into
// fixtures/bpftrace-oracle.json. Run as root on a machine with bpftrace 0.17:
//   node packages/cli/test/record-oracle.mjs
// Two lines this VM adds to every bpftrace run are dropped (environment noise, not
// part of the message under test): the RLIMIT_MEMLOCK warning and the
// available_filter_functions read error. Library paths (the distribution's) are written
// as {LIBC} and {LIBPTHREAD} (loader-paths.mjs). Everything else is bpftrace's bytes.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { loaderPaths, withPaths } from './loader-paths.mjs';

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
};

const NOISE = [
  /^ERROR: Unknown error -1: couldn't set RLIMIT_MEMLOCK.*\n/m,
  /^Error while reading traceable functions from [^\n]*?: (Operation not permitted|Permission denied)/m,
];

const out = { recordedWith: '', cases: {} };
out.recordedWith = spawnSync('bpftrace', ['-V'], { encoding: 'utf8' }).stdout.trim();
if (!out.recordedWith.startsWith('bpftrace v0.17')) {
  console.error(`need bpftrace 0.17, found: ${out.recordedWith || 'none'}`);
  process.exit(1);
}
const paths = loaderPaths();
for (const [name, args] of Object.entries(CASES)) {
  const r = spawnSync('bpftrace', args.map((a) => withPaths(a, paths)), { encoding: 'utf8', timeout: 20_000 });
  let stderr = r.stderr;
  for (const re of NOISE) stderr = stderr.replace(re, '');
  out.cases[name] = { args, exitCode: r.status, stderr: withPaths(stderr, paths, true), stdout: withPaths(r.stdout, paths, true) };
}
const file = new URL('./fixtures/bpftrace-oracle.json', import.meta.url);
writeFileSync(file, JSON.stringify(out, null, 2) + '\n');
console.log(`wrote ${file.pathname}: ${Object.keys(CASES).length} cases`);
