// `npm run conformance` (scripts/conformance.mjs) against a stand-in suite whose `run`
// records how it was called: the real suite takes minutes and stays outside `npm test`.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SCRIPT = join(ROOT, 'scripts', 'conformance.mjs');
const dirs: string[] = [];
afterAll(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }); });

/** A suite directory whose `run` writes its argv, cwd and BUILD_DIR to calls.txt, then a report. */
function fakeSuite(status: number): string {
  const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-fake-suite-'));
  dirs.push(dir);
  mkdirSync(join(dir, 'tests', 'runtime'), { recursive: true });
  writeFileSync(join(dir, 'run'), [
    '#!/bin/sh',
    `printf '%s\\n' "$*" "$PWD" "$BUILD_DIR" "$(readlink "$BUILD_DIR/runtime")" > "${dir}/calls.txt"`,
    'echo "FAIL probe.one (failed)"',
    'echo "1 passed, 1 failed (of 2 that bpftrace 0.17 passes here)"',
    `exit ${status}`,
  ].join('\n') + '\n');
  chmodSync(join(dir, 'run'), 0o755);
  return dir;
}

function conformance(suite: string, args: string[] = []) {
  const r = spawnSync(process.execPath, [SCRIPT, ...args], {
    cwd: tmpdir(), encoding: 'utf8', env: { ...process.env, BPFTRACE_SUITE_DIR: suite },
  });
  return { stdout: r.stdout, stderr: r.stderr, code: r.status };
}

describe('npm run conformance', () => {
  it('runs the suite on our CLI from the repo root, in a fresh build directory, and prints its last line', () => {
    const suite = fakeSuite(1);
    const r = conformance(suite);
    expect(r.stdout).toBe('1 passed, 1 failed (of 2 that bpftrace 0.17 passes here)\n');
    expect(r.code).toBe(1);
    const [args, cwd, build, runtimeLink] = readFileSync(join(suite, 'calls.txt'), 'utf8').split('\n');
    expect(args).toBe(`-v ${join(ROOT, 'node_modules', '.bin', 'bpftrace-ts')}`);
    expect(realpathSync(cwd!)).toBe(realpathSync(ROOT));
    expect(build!.startsWith(tmpdir())).toBe(true);
    expect(runtimeLink).toBe(join(suite, 'tests', 'runtime'));
    dirs.push(build!);
  });

  it('-v prints the whole report; the exit status is the suite\'s', () => {
    const suite = fakeSuite(0);
    const r = conformance(suite, ['-v']);
    expect(r.stdout).toBe('FAIL probe.one (failed)\n1 passed, 1 failed (of 2 that bpftrace 0.17 passes here)\n');
    expect(r.code).toBe(0);
    dirs.push(readFileSync(join(suite, 'calls.txt'), 'utf8').split('\n')[2]!);
  });

  it('says where the suite is missing', () => {
    const r = conformance(join(tmpdir(), 'no-such-suite-dir'));
    expect(r.stderr).toContain('conformance: no suite at');
    expect(r.code).toBe(2);
  });
});
