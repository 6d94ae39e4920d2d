// The main command as a subprocess: help, version, option errors and diagnostics,
// compared with what bpftrace 0.17 printed for the same input (fixtures/bpftrace-oracle.json).
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { asOurs, cli, ensureBuilt, isRoot, oracle, pthreadCreateInLibpthread } from './helpers.js';

beforeAll(ensureBuilt);
const ORACLE = oracle();
const rootIt = isRoot ? it : it.skip;
if (!isRoot) console.warn('\n!!! SKIPPED root-only CLI tests: not running as root !!!\n');

describe('help and version', () => {
  it('-h prints the usage on stderr (as bpftrace does) and exits 0', () => {
    for (const flag of ['-h', '--help']) {
      const r = cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout).toBe('');
      // bpftrace's layout: these sections, in this order.
      const sections = ['USAGE:', 'OPTIONS:', 'TROUBLESHOOTING OPTIONS:', 'ENVIRONMENT:', 'EXAMPLES:'];
      const at = sections.map((s) => r.stderr.indexOf(`${s}\n`));
      expect(at.every((i) => i >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
      for (const opt of ['-B MODE', '-f FORMAT', '-o FILE', "-e 'program'", '-I DIR', '--include FILE', '-l [search]',
        '-p PID', "-c 'CMD'", '--usdt-file-activation', '--unsafe', '-q', '-k', '-V, --version', '-v', '-d']) {
        expect(r.stderr).toContain(`    ${opt}`);
      }
    }
  });

  it('-V prints our version and the bpftrace version we follow', () => {
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
    for (const flag of ['-V', '--version']) {
      const r = cli([flag]);
      expect(r.code).toBe(0);
      expect(r.stdout.split('\n')[0]).toBe(`bpftrace-ts v${pkg.version}`);
      expect(r.stdout).toMatch(/bpftrace v0\.17\.0/);
      expect(r.stderr).toBe('');
    }
  });
});

describe('option errors match bpftrace 0.17', () => {
  for (const name of ['unrecognized-long-option', 'invalid-short-option', 'missing-argument-short', 'missing-argument-long']) {
    it(`${name}: getopt's line (with our name), then the usage; exit 1`, () => {
      const c = ORACLE[name]!;
      const r = cli(c.args);
      expect(r.code).toBe(c.exitCode);
      const [first, rest] = [r.stderr.split('\n')[0], r.stderr.slice(r.stderr.indexOf('\n') + 1)];
      expect(first).toBe(asOurs(c.stderr.split('\n')[0]!));
      expect(rest.startsWith('USAGE:\n')).toBe(true);
    });
  }

  for (const name of ['invalid-format', 'invalid-buffer-mode', 'invalid-pid']) {
    it(`${name}: the same ERROR text and exit code`, () => {
      const c = ORACLE[name]!;
      const r = cli(c.args);
      expect(r.stderr).toBe(c.stderr);
      expect(r.code).toBe(c.exitCode);
    });
  }

  it('no program: the usage on stderr, exit 1', () => {
    const r = cli([]);
    expect(r.code).toBe(1);
    expect(r.stderr.startsWith('USAGE:\n')).toBe(true);
  });

  it('a missing script file: the same message and exit status (255)', () => {
    const c = ORACLE['file-not-found']!;
    const r = cli(c.args);
    expect(r.stderr).toBe(c.stderr);
    expect(r.code).toBe(c.exitCode);
  });
});

describe('diagnostics match bpftrace 0.17 exactly', () => {
  for (const name of ['syntax-extra-brace', 'syntax-missing-value', 'syntax-unterminated-block', 'syntax-no-probe',
    'undefined-variable', 'undefined-variable-tab', 'tracepoint-not-found', 'uprobe-binary-missing',
    'uprobe-library-missing', 'uprobe-not-elf']) {
    rootIt(name, () => {
      const c = ORACLE[name]!;
      const r = cli(c.args);
      expect(r.stderr).toBe(c.stderr);
      expect(r.code).toBe(c.exitCode);
      expect(r.stdout).toBe('');
    });
  }

  rootIt('a syntax error read from stdin (`-`) is reported against "stdin"', () => {
    const c = ORACLE['syntax-extra-brace']!;
    const r = cli(['-'], { input: c.args[1] });
    expect(r.stderr).toBe(c.stderr);
    expect(r.code).toBe(1);
  });
});

describe('uprobe targets and symbols match bpftrace 0.17', () => {
  // Library names resolve through the loader cache; a 0644 library is accepted; attach
  // points whose symbol is missing are left out; with none left: "No probes to attach".
  // Two cases rely on libpthread lacking pthread_create (glibc 2.34 and later, as recorded).
  const pthreadCases = ['uprobe-missing-symbol', 'uprobe-no-probes-left'];
  const oldGlibc = pthreadCreateInLibpthread();
  if (oldGlibc) console.warn(`\n!!! SKIPPED ${pthreadCases.join(', ')}: this glibc's libpthread defines pthread_create !!!\n`);
  for (const name of ['uprobe-library', 'uprobe-missing-symbol', 'uprobe-missing-symbol-path', 'uprobe-no-probes-left',
    'kaddr-unresolved']) {
    (oldGlibc && pthreadCases.includes(name) ? it.skip : rootIt)(name, () => {
      const c = ORACLE[name]!;
      const r = cli(c.args, { timeout: 30_000 });
      expect(r.stdout).toBe(c.stdout);
      expect(r.stderr).toBe(c.stderr);
      expect(r.code).toBe(c.exitCode);
    });
  }

  (oldGlibc ? it.skip : rootIt)('-q hides "No probes to attach" (exit 1 still)', () => {
    const r = cli(['-q', ...ORACLE['uprobe-no-probes-left']!.args]);
    expect(r.stdout).toBe('');
    expect(r.code).toBe(1);
  });
});

describe('structs declared in the script match bpftrace 0.17', () => {
  // Members, nested records, arrays and bitfields of user memory (stat()'s path argument),
  // printed as values, keys, tuple elements and by print(), in text and JSON.
  for (const name of ['struct-values', 'struct-values-json']) {
    rootIt(name, () => {
      const c = ORACLE[name]!;
      const r = cli(c.args, { timeout: 30_000 });
      expect(r.stdout).toBe(c.stdout);
      expect(r.code).toBe(c.exitCode);
    });
  }
});

describe('not root', () => {
  rootIt('running as nobody prints the root-only line and exits 1', () => {
    const r = cli(['-e', 'BEGIN { printf("hi\\n"); exit(); }'], { asNobody: true, cwd: '/' });
    expect(r.stderr).toBe('ERROR: bpftrace-ts currently only supports running as the root user.\n');
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
  });

  rootIt('-h and -V work as nobody', () => {
    expect(cli(['-V'], { asNobody: true, cwd: '/' }).code).toBe(0);
    expect(cli(['-h'], { asNobody: true, cwd: '/' }).code).toBe(0);
  });
});

describe('a script named like a subcommand', () => {
  rootIt('`./compile` runs the file, `compile` is the subcommand', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-name-'));
    try {
      writeFileSync(join(dir, 'compile'), 'BEGIN { @x = }\n');
      const r = cli(['./compile'], { cwd: dir });
      expect(r.code).toBe(1);
      expect(r.stderr.startsWith('./compile:1:14-15: ERROR: syntax error')).toBe(true);
      expect(cli(['compile'], { cwd: dir }).stderr).toMatch(/missing required argument 'file'|required option/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
