// Where a drop-in bpftrace must behave exactly like bpftrace 0.17 (its own test suite and
// scripts rely on it): the CLI against what bpftrace 0.17 did in the same cases
// (drop-in-cases.mjs, recorded into fixtures/bpftrace-drop-in.json by record-drop-in.mjs).
import { beforeAll, expect, describe, it } from 'vitest';
import { cli, ensureBuilt, isRoot } from './helpers.js';
import { dropInChecker } from './drop-in-check.js';

const { check, RECORDED } = await dropInChecker('main');

beforeAll(ensureBuilt);
const rootIt = isRoot ? it : it.skip;
if (!isRoot) console.warn('SKIPPING drop-in CLI tests: not running as root');

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
