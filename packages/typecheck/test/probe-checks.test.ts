// Attach points bpftrace 0.17 refuses before attaching (kprobe arity and offsets,
// banned kretprobes, watchpoint syntax) or warns about (functions the kernel cannot
// trace): our first diagnostic must say what 0.17 said, as recorded by
// record-probe-checks.mjs into fixtures/probe-checks.json (never edited by hand).
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from '@bpftrace-ts/parser';
import { check, type CheckResult } from '../src/index.js';
import { checkSource, firstLine, splitDiagnosticLine } from './helpers.js';
import { thisKernel, hasThisKernel } from './kernel/this-kernel.js';

interface Fixture { name: string; script: string; warning?: boolean; machine?: boolean; expected: string | null }

const fixtures: Fixture[] = JSON.parse(readFileSync(new URL('./fixtures/probe-checks.json', import.meta.url), 'utf8'));

/**
 * 0.17 refuses a banned kretprobe only when attaching, without a location; we refuse
 * it while checking, at the attach point, with the same words.
 */
const NO_LOCATION_IN_0_17 = /^kretprobe-banned-/;
/**
 * 0.17 says only "stoull" (its parse exception's text), or aborts (FATAL, no ERROR line)
 * on any rawtracepoint: we must report an error.
 */
const ORACLE_UNHELPFUL = new Set(['watchpoint-bad-address', 'rawtracepoint-arity']);

function run(f: Fixture): CheckResult | undefined {
  if (!f.machine) return checkSource(f.script);
  if (!hasThisKernel()) return undefined;
  const p = parse(f.script, { file: 'stdin' });
  if (!p.ast) return { diagnostics: p.diagnostics };
  return check(p.ast, thisKernel(), { params: [], file: 'stdin' });
}

describe('attach point checks match bpftrace 0.17', () => {
  it('has every case recorded', () => expect(fixtures.length).toBeGreaterThanOrEqual(23));
  for (const f of fixtures) {
    it(f.name, (ctx) => {
      const r = run(f);
      if (!r) return ctx.skip('needs this machine\'s kernel');
      const found = r.diagnostics.filter((d) => d.severity === (f.warning ? 'warning' : 'error'));
      expect(found.length, `nothing for: ${f.script}`).toBeGreaterThan(0);
      if (ORACLE_UNHELPFUL.has(f.name)) return;
      expect(f.expected, 'bpftrace 0.17 accepted it').not.toBeNull();
      const ours = splitDiagnosticLine(firstLine(found[0]!));
      const theirs = splitDiagnosticLine(f.expected!);
      expect(ours.msg).toBe(theirs.msg);
      if (!NO_LOCATION_IN_0_17.test(f.name)) expect(ours.loc).toBe(theirs.loc);
    });
  }
});

describe('attach points 0.17 accepts', () => {
  const ok = (src: string) => checkSource(src).diagnostics.filter((d) => d.severity === 'error').map((d) => d.message);
  it('kprobe offsets, kretprobes that are not banned, valid watchpoints', () => {
    expect(ok('kprobe:vfs_read+16 { }')).toEqual([]);
    expect(ok('kretprobe:vfs_read { }')).toEqual([]);
    expect(ok('watchpoint:0x10000000:8:w { }')).toEqual([]);
    expect(ok('watchpoint:0x10000000:1:rw { }')).toEqual([]);
    expect(ok('watchpoint:0x10000000:4:wr { }')).toEqual([]);
    expect(ok('w:0x10000000:2:x { }')).toEqual([]);
  });

  it('names a watchpoint as 0.17 prints it for `probe`: the address in decimal, the mode sorted', () => {
    const r = checkSource('watchpoint:0x10000000:4:wr { }');
    expect(r.program?.probes[0]?.attach[0]).toMatchObject({ name: 'watchpoint:268435456:4:rw', address: 0x10000000, len: 4, mode: 'rw' });
  });

  it('a kprobe on a function the kernel lists is not warned about', () => {
    if (!hasThisKernel()) return;
    const p = parse('kprobe:vfs_read { }', { file: 'stdin' });
    const r = check(p.ast!, thisKernel(), { params: [] });
    expect(r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message)).toEqual([]);
  });
});
