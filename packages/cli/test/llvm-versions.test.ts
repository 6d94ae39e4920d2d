// The CLI runs programs compiled by each installed llc (LLVM 14 with -opaque-pointers, and
// the newer ones) in the kernel, printing what bpftrace 0.17 printed; $BPFTRACE_TS_LLC picks it.
import { beforeAll, expect, it } from 'vitest';
import { cli, ensureBuilt, isRoot, oracle } from './helpers.js';
import { describeEachLlc } from '../../../test/support/llvm-versions.js';

beforeAll(ensureBuilt);
const ORACLE = oracle();
const rootIt = isRoot ? it : it.skip;
if (!isRoot) console.warn('\n!!! SKIPPED llc-version run tests: not running as root !!!\n');

describeEachLlc('run', (llc) => {
  // Struct values, strings, integers of each size, printf and maps: text and JSON.
  for (const name of ['struct-values', 'struct-values-json']) {
    rootIt(name, () => {
      const c = ORACLE[name]!;
      const r = cli(c.args, { timeout: 30_000, env: { BPFTRACE_TS_LLC: llc } });
      expect(r.stderr).toBe('');
      expect(r.stdout).toBe(c.stdout);
      expect(r.code).toBe(c.exitCode);
    });
  }
});

it('$BPFTRACE_TS_LLC names the llc the CLI runs', () => {
  const r = cli(['-e', 'BEGIN { exit(); }'], { env: { BPFTRACE_TS_LLC: '/nonexistent/llc' } });
  expect(r.stderr).toContain('could not run /nonexistent/llc');
  expect(r.code).toBe(1);
});
