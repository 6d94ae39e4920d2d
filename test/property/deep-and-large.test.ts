// No input breaks the frontend: deep nesting and very large scripts.
// - Every kind of nesting, at the limit (MAX_NESTING), gets through parse, `-d ast`,
//   check and IR; one level-group past it gets a located "nesting too deep" error;
//   parentheses (which add no AST depth) go as deep as bpftrace 0.17 handles (5,000).
// - Deep scripts with syntax errors get a located syntax error, never an internal one.
// - A fast-check property over random deep expressions and blocks and their mutations.
// - Size: a 100,000-statement script lints in a child process limited to a 1 GB heap (it
//   aborted V8 there before); no wall-clock assertion.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_NESTING, parse, printAst, type Diagnostic } from '@bpftrace-ts/parser';
import { check } from '@bpftrace-ts/typecheck';
import { emitIr } from '@bpftrace-ts/codegen';
import { hasThisKernel, thisKernel } from '../support/this-kernel.js';
import { NESTINGS, deepBlocks, deepExpr, manyProbes, manyStatements } from './deep-scripts.js';

const CLI = fileURLToPath(new URL('../../packages/cli/bin/bpftrace-ts.js', import.meta.url));
const kernel = hasThisKernel() ? thisKernel({ kprobes: true, fentry: true, uprobes: true, ringbuf: true, attachCookie: true }) : undefined;
if (!kernel) console.warn('deep-and-large: check and IR stages SKIPPED (needs tracefs and BTF)');

/** Nothing internal, and every diagnostic placed inside the source. */
function expectLocated(diags: readonly Diagnostic[], src: string): void {
  for (const d of diags) {
    expect(d.code, d.message).not.toMatch(/internal/);
    expect(d.range, `${d.code}: ${d.message}`).toBeDefined();
    expect(d.range!.start.offset).toBeGreaterThanOrEqual(0);
    expect(d.range!.end.offset).toBeLessThanOrEqual(src.length);
  }
}

/** The whole frontend and IR on one script; the errors of the first stage that has some. */
function compileAll(src: string): Diagnostic[] {
  const parsed = parse(src, { file: 'deep.bt' });
  expectLocated(parsed.diagnostics, src);
  if (!parsed.ast) return parsed.diagnostics;
  expect(() => printAst(parsed.ast!)).not.toThrow();
  if (!kernel) return parsed.diagnostics;
  const checked = check(parsed.ast, kernel, { params: [], unsafe: false, file: 'deep.bt' });
  expectLocated(checked.diagnostics, src);
  if (!checked.program) return checked.diagnostics;
  const ir = emitIr(checked.program, { kernel });
  expect(ir.diagnostics.map((d) => d.message)).toEqual([]);
  expect(ir.ir).toContain('define');
  return [];
}

describe('nesting', () => {
  for (const [name, make] of Object.entries(NESTINGS)) {
    it(`${name}: at the limit, every stage; past it, a located error`, () => {
      // A few levels of AST sit above the construct (program, probe, statement).
      expect(compileAll(make(MAX_NESTING - 10))).toEqual([]);
      const deeper = make(MAX_NESTING + 10);
      const diags = parse(deeper).diagnostics;
      expectLocated(diags, deeper);
      // Parentheses add no AST depth; mixed precedences make a shallower tree than the chain.
      if (name === 'parentheses' || name === 'mixed operators') expect(diags.filter((d) => d.code === 'parse/nesting')).toEqual([]);
      else expect(diags.map((d) => d.message)).toEqual([`nesting too deep (limit ${MAX_NESTING})`]);
    });
  }

  it('5,000 parentheses, as bpftrace 0.17 handles, compile', () => {
    expect(compileAll(NESTINGS['parentheses']!(5000))).toEqual([]);
    expect(compileAll(`BEGIN { @x = ${'('.repeat(2500)}pid + 1 ${')'.repeat(2500)} * ${'['.repeat(0)}${'('.repeat(2500)}2${')'.repeat(2500)}; }`)).toEqual([]);
  });

  it('a 100,000-term chain (bpftrace 0.17 crashes on it) is a located error', () => {
    const src = NESTINGS['binary chain']!(100_000);
    const diags = parse(src).diagnostics;
    expectLocated(diags, src);
    expect(diags.map((d) => d.code)).toEqual(['parse/nesting']);
  });

  it('the nesting error is where the limit is passed', () => {
    const src = NESTINGS['sizeof']!(MAX_NESTING + 10);
    const [d] = parse(src).diagnostics;
    // Program, probe and statement are three levels: the error is at the sizeof that makes MAX_NESTING + 1.
    const at = 'BEGIN { @x = '.length + 'sizeof('.length * (MAX_NESTING - 3);
    expect(d!.range!.start.offset).toBe(at);
  });
});

describe('syntax errors in deep scripts', () => {
  const deep = 3000;
  const cases: Record<string, string> = {
    'missing operand deep inside': `BEGIN { @x = ${'('.repeat(deep)}1 +${')'.repeat(deep)}; }`,
    'one ) missing': `BEGIN { @x = ${'('.repeat(deep)}1${')'.repeat(deep - 1)}; }`,
    'one ) too many': `BEGIN { @x = ${'('.repeat(deep)}1${')'.repeat(deep + 1)}; }`,
    'mismatched bracket': `BEGIN { @x = ${'('.repeat(deep)}1]${')'.repeat(deep)}; }`,
    'ternary without else': `BEGIN { @x = ${'('.repeat(deep)}1 ? 2${')'.repeat(deep)}; }`,
    'if blocks, one } missing': `BEGIN { ${'if (1) { '.repeat(deep)}@x = 1; ${'} '.repeat(deep - 1)}}`,
    'bad statement deep inside': `BEGIN { ${'if (1) { '.repeat(deep)}@x = = 1; ${'} '.repeat(deep)}}`,
  };
  for (const [name, src] of Object.entries(cases)) {
    it(name, () => {
      const r = parse(src);
      expect(r.ast).toBeUndefined();
      expect(r.diagnostics.length).toBeGreaterThan(0);
      expectLocated(r.diagnostics, src);
    });
  }

  it('is reported as in a shallow script', () => {
    // 200 deep is matched in pieces, 10 deep whole: same message, same place relative to `1 +;`.
    const at = (depth: number) => {
      const src = `BEGIN { @x = ${'('.repeat(depth)}1 +;${')'.repeat(depth)}; }`;
      const [d] = parse(src).diagnostics;
      return [d!.message, d!.range!.start.offset - src.indexOf('1 +;'), d!.range!.end.offset - src.indexOf('1 +;')];
    };
    expect(at(200)).toEqual(at(10));
  });
});

describe('property: deep and large generated scripts', () => {
  const frontend = (src: string) => {
    const r = parse(src, { file: 'deep.bt' });
    expectLocated(r.diagnostics, src);
    if (!r.ast) return;
    expect(() => printAst(r.ast!)).not.toThrow();
    if (!kernel) return;
    const c = check(r.ast, kernel, { params: [], unsafe: false, file: 'deep.bt' });
    expectLocated(c.diagnostics, src);
  };
  // Deletions and insertions of brackets unbalance the text: the whole-text path.
  const mutated = (src: fc.Arbitrary<string>) =>
    fc.tuple(src, fc.nat(), fc.constantFrom('', '(', ')', '{', '}', ']', '?', ':', ';', ',')).map(([s, at, ins]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + ins + s.slice(i + 1);
    });
  it('deep expressions (40 runs)', () => {
    const src = deepExpr(MAX_NESTING + 200).map((e) => `BEGIN { @a[1] = 1; $x = 1; @x = ${e}; }`);
    fc.assert(fc.property(fc.oneof(src, mutated(src)), frontend), { numRuns: 40 });
  }, 120_000);
  it('deep blocks (30 runs)', () => {
    fc.assert(fc.property(fc.oneof(deepBlocks(MAX_NESTING + 100), mutated(deepBlocks(MAX_NESTING + 100))), frontend), { numRuns: 30 });
  }, 120_000);
  it('large scripts (6 runs)', () => {
    const big = fc.oneof(fc.integer({ min: 500, max: 3000 }).map(manyStatements), fc.integer({ min: 500, max: 3000 }).map(manyProbes));
    fc.assert(fc.property(fc.oneof(big, mutated(big)), frontend), { numRuns: 6 });
  }, 120_000);
});

describe('size', () => {
  // Run through the built CLI in a child whose heap is capped: a V8 abort fails the test.
  const lint = (src: string, heapMb: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-large-'));
    try {
      const file = join(dir, 'large.bt');
      writeFileSync(file, src);
      return spawnSync(process.execPath, [`--max-old-space-size=${heapMb}`, CLI, 'lint', '--format', 'json', file], { encoding: 'utf8', maxBuffer: 1 << 26 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  it('100,000 statements in one probe lint within a 1 GB heap', () => {
    const r = lint(manyStatements(100_000), 1024);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  }, 600_000);
  it('20,000 statements over 2,000 probes lint within a 256 MB heap', () => {
    const r = lint(manyProbes(20_000), 256);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, 600_000);
});
