// Compile here, run elsewhere: the runtime's packages (and their dependencies) packed with
// `npm pack` and installed into an empty directory, with no parser, type checker, code
// generator or llc, run artifacts with the runtime's `bpftrace-ts-run` and print what a direct
// run prints.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { environmentProblem } from './harness.js';
import { cliEntry, fixturesDir, repoRoot } from './paths.js';

const envProblem = environmentProblem();
if (envProblem) console.warn(`\n!!! runtime-only install test SKIPPED: ${envProblem}. It needs Linux, root and BPF. !!!\n`);

let dir: string;
let app: string;
/** A PATH holding only node: no llc, no compiler of any kind. */
let bareBin: string;

/** The packages a machine that only runs artifacts installs, as directories to pack. */
function packageDirs(): string[] {
  const platform = join(repoRoot, 'node_modules/@koromix', `koffi-${process.platform}-${process.arch}`);
  return [join(repoRoot, 'packages/artifact'), join(repoRoot, 'packages/libbpf-ts'), join(repoRoot, 'packages/runtime'), join(repoRoot, 'node_modules/koffi'), platform];
}

function run(command: string, args: string[], cwd: string) {
  // The kernel lock is the caller's (the test runs under flock); PATH has nothing but node.
  return spawnSync(command, args, { cwd, encoding: 'utf8', env: { PATH: bareBin, HOME: dir }, timeout: 30_000 });
}

describe.skipIf(envProblem !== undefined)('runtime-only install', () => {
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-runtime-only-'));
    const packs = join(dir, 'packs');
    app = join(dir, 'app');
    bareBin = join(dir, 'bin');
    for (const d of [packs, app, bareBin]) mkdirSync(d);
    symlinkSync(process.execPath, join(bareBin, 'node'));
    for (const p of packageDirs()) {
      expect(existsSync(p), `${p} missing (build first; koffi's prebuilt package for this platform)`).toBe(true);
      execFileSync('npm', ['pack', '--pack-destination', packs, p], { cwd: dir, stdio: 'ignore' });
    }
    writeFileSync(join(app, 'package.json'), '{ "private": true }\n');
    // Offline: everything comes from the tarballs (koffi's install script only builds what its prebuilt package holds).
    const tarballs = readdirSync(packs).map((f) => join(packs, f));
    execFileSync('npm', ['install', '--offline', '--ignore-scripts', '--no-audit', '--no-fund', ...tarballs], { cwd: app, stdio: 'ignore' });
  }, 120_000);
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it('installs the runtime without the compiler', () => {
    expect(readdirSync(join(app, 'node_modules/@bpftrace-ts')).sort()).toEqual(['artifact', 'libbpf-ts', 'runtime']);
    expect(readdirSync(join(app, 'node_modules')).filter((n) => !n.startsWith('.')).sort()).toEqual(['@bpftrace-ts', '@koromix', 'koffi']);
    expect(readdirSync(bareBin)).toEqual(['node']);
    const codegen = run('node', ['--input-type=module', '-e', "await import('@bpftrace-ts/codegen')"], app);
    expect(codegen.status).not.toBe(0);
    expect(codegen.stderr).toMatch(/Cannot find package '@bpftrace-ts\/codegen'/);
  });

  /** Compile with the repository's CLI (here, where the compiler is). */
  function compile(script: string, name: string, params: string[] = []): string {
    const src = join(dir, `${name}.bt`);
    writeFileSync(src, script);
    const out = join(dir, `${name}.o`);
    const r = spawnSync(process.execPath, [cliEntry, 'compile', src, ...params, '-o', out], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    return out;
  }

  it('runs an artifact and prints what bpftrace 0.17 printed running the script', () => {
    const artifact = compile(readFileSync(join(fixturesDir, 'hello.bt'), 'utf8'), 'hello', ['world']);
    const r = run(join(app, 'node_modules/.bin/bpftrace-ts-run'), [artifact, 'world', '-c', '/bin/true'], app);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(fixturesDir, 'hello.expected'), 'utf8'));
  });

  it('maps, tracepoints, cpid and -f json: the same output as the direct run', () => {
    const script = 'tracepoint:syscalls:sys_enter_openat /pid == cpid/ { @opens[comm] = count(); }\n' +
      'END { printf("child %d\\n", cpid > 0); }\n';
    const artifact = compile(script, 'opens');
    const child = ['-c', '/bin/cat /dev/null', '-f', 'json'];
    const installed = run(join(app, 'node_modules/.bin/bpftrace-ts-run'), [...child, artifact], app);
    // The same environment for both: the child's opens depend on it (locale files).
    const direct = run(process.execPath, [cliEntry, ...child, join(dir, 'opens.bt')], app);
    expect(installed.stderr).toBe('');
    expect(installed.status).toBe(0);
    expect(direct.status).toBe(0);
    expect(installed.stdout).toBe(direct.stdout);
    expect(installed.stdout).toMatch(/"@opens": \{"cat": \d+\}/);
  });

  it('a bad artifact: one line, exit 1', () => {
    const artifact = compile('BEGIN { exit(); }\n', 'short');
    const cut = join(dir, 'cut.o');
    writeFileSync(cut, readFileSync(artifact).subarray(0, 300));
    const r = run(join(app, 'node_modules/.bin/bpftrace-ts-run'), [cut], app);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ERROR: \S+cut\.o: truncated: the section headers would end at byte \d+, past the end of the file \(300 bytes\)\n$/);
    expect(r.status).toBe(1);
  });
});
