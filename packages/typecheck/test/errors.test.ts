// Table test: each broken script's first error must match bpftrace 0.17's, as
// recorded by record-errors.mjs into fixtures/errors.json (never edited by hand).
// Messages must match exactly. Locations come from the parser's node ranges,
// which differ from bpftrace's bison ranges in a few places listed below.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { checkSource, firstLine } from './helpers.js';

interface Fixture { name: string; script: string; params: string[]; unsafe: boolean; expected: string | null; note?: string }
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
  'cast-unknown-struct',    // bpftrace's cast range starts at the outer '(' of '((struct x *)0)->x'
]);

const split = (line: string) => {
  const i = line.indexOf('ERROR: ');
  return { loc: line.slice(0, i), msg: line.slice(i + 7) };
};

describe('first error matches bpftrace 0.17', () => {
  it('has 40+ cases', () => expect(fixtures.length).toBeGreaterThanOrEqual(40));
  for (const f of fixtures) {
    it(f.name, () => {
      const r = checkSource(f.script, { params: f.params, unsafe: f.unsafe });
      const errors = r.diagnostics.filter((d) => d.severity === 'error');
      if (f.expected === null) {
        expect(errors.map((d) => d.message)).toEqual([]);
        return;
      }
      expect(errors.length, `no error for: ${f.script}`).toBeGreaterThan(0);
      const ours = split(firstLine(errors[0]!));
      const theirs = split(f.expected);
      expect(ours.msg).toBe(theirs.msg);
      if (!LOCATION_DIFFERS.has(f.name)) expect(ours.loc).toBe(theirs.loc);
    });
  }
});
