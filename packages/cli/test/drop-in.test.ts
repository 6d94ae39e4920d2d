// Where a drop-in bpftrace must behave exactly like bpftrace 0.17 (its own test suite and
// scripts rely on it): the CLI against what bpftrace 0.17 did in the same cases
// (drop-in-cases.mjs, recorded into fixtures/bpftrace-drop-in.json by record-drop-in.mjs).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN, cli, ensureBuilt, isRoot } from './helpers.js';
// (a plain ES module, shared with record-drop-in.mjs)
import { CASES, prepare } from './drop-in-cases.mjs';

interface DropInCase {
  args: string[];
  env?: Record<string, string>;
  program?: string;
  /** Run through a symlink of this name (the name bpftrace's test suite runs us as). */
  runAs?: string;
  /** skipWarnings: only the "could not attach probe ..., skipping." lines of stderr. */
  compare?: ('stdout' | 'stderr' | 'exitCode' | 'skipWarnings' | 'lastStderrLine' | 'errorMessage' | 'mapTypes')[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

const RECORDED = (JSON.parse(readFileSync(new URL('./fixtures/bpftrace-drop-in.json', import.meta.url), 'utf8')) as {
  cases: Record<string, DropInCase>;
}).cases;

beforeAll(ensureBuilt);
const rootIt = isRoot ? it : it.skip;
if (!isRoot) console.warn('SKIPPING drop-in CLI tests: not running as root');

function check(name: string): void {
  const c = RECORDED[name]!;
  const dir = c.runAs ? mkdtempSync(join(tmpdir(), 'bpftrace-ts-drop-in-')) : undefined;
  if (dir) symlinkSync(BIN, join(dir, c.runAs!));
  const prepared = prepare(c) as { args: string[]; dir?: string };
  let r;
  try {
    r = cli(prepared.args, { timeout: 30_000, env: c.env, bin: dir && join(dir, c.runAs!) });
  } finally {
    for (const d of [dir, prepared.dir]) if (d) rmSync(d, { recursive: true, force: true });
  }
  const skips = (err: string) => err.split('\n').filter((l) => /^WARNING: could not attach probe .*, skipping\.$/.test(l));
  const last = (err: string) => err.trimEnd().split('\n').pop();
  // (bpftrace 0.17 prints --info on stderr, we on stdout)
  const mapTypes = (out: string) => out.split('\nMap types\n')[1]?.split('\n\n')[0]?.trimEnd();
  // The text of bpftrace's last ERROR line; we may locate the same error (`file:L:C-C: ERROR: ...`).
  const errorMessage = (err: string) => /(?:^|: )ERROR: (.*)$/m.exec(err.split('\n').filter((l) => l.includes('ERROR: ')).pop() ?? '')?.[1];
  const ours = { stdout: r.stdout, stderr: r.stderr, exitCode: r.code, skipWarnings: skips(r.stderr), lastStderrLine: last(r.stderr), errorMessage: errorMessage(r.stderr), mapTypes: mapTypes(r.stdout + r.stderr) };
  const want = { stdout: c.stdout, stderr: c.stderr, exitCode: c.exitCode, skipWarnings: skips(c.stderr), lastStderrLine: last(c.stderr), errorMessage: errorMessage(c.stderr), mapTypes: mapTypes(c.stdout + c.stderr) };
  // What to compare comes from the cases file (a recording keeps the fields it was made with).
  const compare = (CASES as Record<string, { compare?: DropInCase['compare'] }>)[name]?.compare;
  for (const k of compare ?? ['stdout', 'stderr', 'exitCode'] as const) expect(ours[k], `${name}: ${k}`).toEqual(want[k]);
}

describe('__BPFTRACE_NOTIFY_PROBES_ATTACHED (the line bpftrace\'s test suite waits for)', () => {
  rootIt('is printed on stderr once the probes are attached, when the variable is set', () => check('notify-attached'));
  rootIt('with -c and a tracepoint', () => check('notify-attached-tracepoint'));
  rootIt('is not printed otherwise', () => check('notify-unset'));
});

describe('exit statuses', () => {
  rootIt('a -c command that cannot start: 255', () => check('exit-child-missing'));
  rootIt('a probe that cannot attach: 255', () => {
    check('exit-attach-failed');
    expect(cli(RECORDED['exit-attach-failed']!.args, { timeout: 30_000 }).stderr).toMatch(/^ERROR: /m);
  });
  rootIt('nothing left to attach: 1', () => check('exit-no-probes'));
  it('-p out of range, not a number, too large: 1', () => {
    for (const name of ['pid-out-of-range', 'pid-zero', 'pid-negative', 'pid-huge']) check(name);
  });
  it('a script file that cannot be read: 255', () => {
    const r = cli(['/nonexistent/bpfts-script.bt']);
    expect(r.stderr).toBe("ERROR: failed to open file '/nonexistent/bpfts-script.bt': No such file or directory\n");
    expect(r.code).toBe(255);
  });
});

describe('probes that cannot attach', () => {
  rootIt('kprobes of a clause with other attach points are skipped with a warning; the rest runs', () => {
    expect(RECORDED['skip-kprobes-of-a-list']!.stderr).toContain('could not attach probe');
    check('skip-kprobes-of-a-list');
  });
});

describe('checks, output formats', () => {
  rootIt('comm in BEGIN is the name the tracer was run as', () => check('comm-in-begin'));
  rootIt('cpid without -c is an error', () => check('cpid-without-child'));
  rootIt('kretprobes on spin lock functions are refused', () => check('banned-kretprobe'));
  rootIt('--info lists the map types the kernel supports', () => {
    expect(RECORDED.info!.stderr).toContain('\nMap types\n');
    check('info');
  });
  rootIt('numeric positional parameters in hex, octal, decimal', () => check('positional-bases'));
  rootIt('unroll ($1)', () => check('unroll-positional'));
  rootIt('delete(@) of a map without keys', () => check('delete-without-key'));
  rootIt('sarg0, sarg1: stack arguments of a uprobe', () => check('sarg'));
  rootIt('lhist labels multiples of 1024 and 2^20 as K and M', () => check('lhist-suffixes'));
  rootIt('%r, %rx and %rh print buffers', () => check('printf-buffers'));
  rootIt('cat() output is a "cat" event in JSON', () => check('json-cat'));
  rootIt('system() output is a "syscall" event in JSON', () => check('json-system'));
  rootIt('print(@, top) of hist and avg maps keeps the entries bpftrace keeps', () => check('print-top-hist'));
});

describe('clauses on one event run in script order', () => {
  rootIt('software', () => check('order-software'));
  rootIt('uprobe', () => check('order-uprobe'));
  rootIt('tracepoint', () => check('order-tracepoint'));
});
