// -k and BPFTRACE_MAP_KEYS_MAX in the kernel: a full map reports each failed update
// as bpftrace 0.17 does, in text and JSON (fixtures/map-full.json, recorded from it
// by record-map-full.mjs), and an invalid BPFTRACE_MAP_KEYS_MAX is refused as it does.
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { cli, ensureBuilt, isRoot } from './helpers.js';

interface Recorded { args: string[]; env: Record<string, string>; stdout: string; code: number }
const oracle = JSON.parse(readFileSync(new URL('./fixtures/map-full.json', import.meta.url), 'utf8')) as {
  cases: Recorded[]; invalid: { env: Record<string, string>; stderr: string; code: number };
};

const skip = !isRoot ? 'they need root' : undefined;
if (skip) console.warn(`\n!!! SKIPPED map-full tests: ${skip} !!!\n`);
const d = describe.skipIf(skip !== undefined);

beforeAll(() => ensureBuilt());

d('a full map with -k (BPFTRACE_MAP_KEYS_MAX=2)', () => {
  for (const c of oracle.cases) {
    it(`${c.args.slice(0, 3).join(' ')} ${c.args[4]}`, () => {
      const r = cli(c.args, { env: c.env });
      expect(r.stdout).toBe(c.stdout);
      expect(r.code).toBe(c.code);
    });
  }

  it('without -k a full map is silent, and the map keeps 2 keys', () => {
    const c = oracle.cases[0];
    const r = cli(c.args.filter((a) => a !== '-k'), { env: c.env });
    expect(r.stdout).not.toContain('map_update_elem');
    expect(r.stdout).toContain('@[2]: 2');
    expect(r.stdout).not.toContain('@[3]');
    expect(r.code).toBe(0);
  });
});

d('BPFTRACE_MAP_KEYS_MAX', () => {
  it('an invalid value is refused as bpftrace 0.17 refuses it', () => {
    const r = cli(['-e', 'BEGIN { exit(); }'], { env: oracle.invalid.env });
    expect(r.stderr).toBe(oracle.invalid.stderr);
    expect(r.code).toBe(oracle.invalid.code);
  });
});
