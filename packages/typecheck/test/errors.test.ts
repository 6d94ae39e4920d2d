// Table test: each broken script's first error must match bpftrace 0.17's, as
// recorded by record-errors.mjs into fixtures/errors.json (never edited by hand).
// Messages must match exactly. Locations come from the parser's node ranges,
// which differ from bpftrace's bison ranges in a few places listed below.
import { describe, it, expect } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { parse } from '@bpftrace-ts/parser';
import { check, type CheckResult } from '../src/index.js';
import { checkSource, firstLine, splitDiagnosticLine } from './helpers.js';
import { shippedKernelInfo } from './kernel/this-kernel.js';

interface Fixture {
  name: string; script?: string; file?: string; params: string[]; unsafe: boolean;
  /** Compare the first warning instead of the first error. */
  warning?: boolean;
  expected: string | null; note?: string;
}

/**
 * Cases that need a real kernel (BTF types, kernel functions, installed files) run against the
 * kernel profile shipped with the CLI (of a kernel like the one bpftrace recorded on), so they
 * pass without tracefs or BTF; the rest use the fake kernel.
 */
const MACHINE = /^(btf-|tool-|kprobe-wildcard|macro-|script-|ifndef-|cast-to-struct|tracepoint-wildcard-no-field)/;

function run(f: Fixture): CheckResult | undefined {
  if (!MACHINE.test(f.name)) return checkSource(f.script!, { params: f.params, unsafe: f.unsafe });
  if (f.file && !existsSync(f.file)) return undefined;
  const file = f.file ?? 'stdin';
  const p = parse(f.file ? readFileSync(f.file, 'utf8') : f.script!, { file });
  if (!p.ast || p.diagnostics.some((d) => d.severity === 'error')) return { diagnostics: p.diagnostics };
  return check(p.ast, shippedKernelInfo(), { params: f.params, unsafe: f.unsafe, file });
}
const fixtures: Fixture[] = JSON.parse(readFileSync(new URL('./fixtures/errors.json', import.meta.url), 'utf8'));

/** Cases where bpftrace's location is an artefact of its grammar, not the node. */
const LOCATION_DIFFERS = new Set([
  'undefined-map',          // bison ends the map's range after the following token
  'variable-type-change',   // bpftrace points at the '=' of a variable assignment
  'tuple-type-change',      // likewise
  'compound-on-string',
  'if-string-cond',         // 0.17 gives if() no location (1:1-1)
  'lhist-nonconst',
  'strncmp-nonconst',
  'args-in-mixed',
  'kstack-raw-not-in-0.17', // bpftrace starts a call argument's identifier at the map's '@'
  'cast-unknown-struct',    // bpftrace's cast range starts at the outer '(' of '((struct x *)0)->x'
  'btf-no-field',           // bpftrace's columns drift by one after a '(struct x *)' cast
  'btf-nested-no-field',
  'btf-field-on-int',
  'script-struct-no-field',
  'tracepoint-wildcard-no-field', // bison's range of '@[args->f]' minus its last character
  'macro-define-string',    // bpftrace locates in the macro-expanded text
  'cast-to-struct-value',   // bpftrace points at '(struct x)' (plus the one-column drift)
  'macro-doubling-chain',   // bpftrace's range runs on over the macro text it pushed back into its input
  'macro-cycle',
  'string-too-long-map-key', // bpftrace starts a map key's range at the map's '@'
  'string-too-long-system', // bpftrace starts a call argument's range at the call
  'kstack-limit-too-large', // bpftrace starts a map key's range at the map's '@'
  'ustack-limit-too-large',
  'array-index-bounds',     // the one-column drift after a '(struct x *)' cast
]);

/** Cases where 0.17 gives no usable error (see each case's note): we must report one. */
const ORACLE_UNHELPFUL = new Set(['probe-type-unknown', 'interval-bad-rate']);

describe('first error matches bpftrace 0.17', () => {
  it('has 60+ cases', () => expect(fixtures.length).toBeGreaterThanOrEqual(60));
  for (const f of fixtures) {
    it(f.name, (ctx) => {
      const r = run(f);
      if (!r) return ctx.skip('needs this machine\'s kernel or file');
      const errors = r.diagnostics.filter((d) => d.severity === (f.warning ? 'warning' : 'error'));
      if (ORACLE_UNHELPFUL.has(f.name)) {
        expect(errors.length, `no error for: ${f.script}`).toBeGreaterThan(0);
        return;
      }
      if (f.expected === null) {
        expect(errors.map((d) => d.message)).toEqual([]);
        return;
      }
      expect(errors.length, `no error for: ${f.script}`).toBeGreaterThan(0);
      const ours = splitDiagnosticLine(firstLine(errors[0]!).replace('ERROR: ', f.warning ? 'WARNING: ' : 'ERROR: '));
      const theirs = splitDiagnosticLine(f.expected);
      expect(ours.msg).toBe(theirs.msg);
      if (!LOCATION_DIFFERS.has(f.name)) expect(ours.loc).toBe(theirs.loc);
    });
  }
});
