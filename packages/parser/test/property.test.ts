// Property: parse() never throws, and every diagnostic's range lies inside the source,
// for random strings and for mutations of real tools and seed scripts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, renderDiagnostics, type Diagnostic, type Position } from '../src/index.js';
import { readTool, toolNames } from '../../../test/support/debian-tools.js';

// PARSER_FUZZ_SCALE=0.2 cuts the 10,000 runs on a slow or busy machine.
const SCALE = Number(process.env['PARSER_FUZZ_SCALE'] ?? 1);
const runs = (n: number) => Math.max(10, Math.round(n * SCALE));

const tools = toolNames.map(readTool);
const seeds = [
  ...tools,
  'BEGIN { printf("hello %s\\n", "x"); exit(); }',
  'kprobe:f /pid == 1/ { @x[tid] = count(); $y = (int8)arg0; if ($y > 1) { @z = curtask->pid; } }',
  'struct s { int a; }; t:syscalls:sys_enter_* { @[probe] = hist(args->fd); unroll(2) { $i++ } }',
  'uprobe:/bin/bash:readline { while ($i < 3) { $i += 1; } @s = ustack(perf, 3) }',
];

function validPos(p: Position, src: string): boolean {
  return p.offset >= 0 && p.offset <= src.length && p.line >= 1 && p.column >= 1;
}
function check(src: string): void {
  let diags: Diagnostic[] = [];
  expect(() => (diags = parse(src).diagnostics)).not.toThrow();
  for (const d of diags) {
    expect(d.code).not.toBe('parse/internal');
    if (!d.range) continue;
    expect(validPos(d.range.start, src) && validPos(d.range.end, src)).toBe(true);
    expect(d.range.start.offset).toBeLessThanOrEqual(d.range.end.offset);
  }
  expect(() => renderDiagnostics(diags, src)).not.toThrow();
}

// Edits: insert, delete or replace a character (biased to bpftrace punctuation).
const chars = fc.constantFrom(...'{}()[]/;:,"\\$@#*+-=<>!~&|^%?.\n \tax0_'.split(''), 'struct ', 'if', '->', '/*', '//');
const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), chars);
function mutate(src: string, edits: [number, string, string][]): string {
  let s = src;
  for (const [n, op, c] of edits) {
    const i = s.length ? n % (s.length + 1) : 0;
    if (op === 'insert') s = s.slice(0, i) + c + s.slice(i);
    else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1);
    else s = s.slice(0, i) + c + s.slice(i + 1);
  }
  return s;
}

describe('parse never throws', () => {
  it('random strings', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80, unit: 'binary' }), check), { numRuns: runs(3000) });
  });
  // Whole tools are slow to parse (ohm), so most runs mutate a 150-character window
  // of a tool, starting at a probe; some mutate whole tools. 3000 + 6750 + 250 runs.
  const windows = fc.tuple(fc.constantFrom(...seeds), fc.nat()).map(([src, n]) => {
    const starts = [...src.matchAll(/^[A-Za-z]+:[^\n]*\{?\s*$|^BEGIN|^END/gm)].map((m) => m.index!);
    const at = starts.length ? starts[n % starts.length]! : 0;
    return src.slice(at, at + 150);
  });
  it('mutated windows of tools and seeds', () => {
    fc.assert(
      fc.property(windows, fc.array(edit, { minLength: 1, maxLength: 4 }), (src, edits) => check(mutate(src, edits))),
      { numRuns: runs(6750) },
    );
  }, 240_000);
  it('mutated whole tools', () => {
    fc.assert(
      fc.property(fc.constantFrom(...seeds), fc.array(edit, { minLength: 1, maxLength: 3 }), (src, edits) => check(mutate(src, edits))),
      { numRuns: runs(250) },
    );
  }, 240_000);
});
