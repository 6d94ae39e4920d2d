// Property test across the frontend: for random and mutated scripts, parse() and (when
// it yields an AST) check() against this machine's kernel never throw, and every
// diagnostic has a valid range: 1 <= line, start <= end, inside the source, and
// offsets agreeing with line/column. Internal failures that the packages catch
// (`parse/internal`, `type/internal`) count as throws.
//
// Seeds are /usr/sbin/*.bt (Debian's bpftrace tools, read at test time, never copied)
// and test-fixtures/e2e/*.bt. 10,000 runs plus the seeds; FRONTEND_FUZZ_SCALE scales them,
// FRONTEND_FUZZ_SEED replays one fast-check seed.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parse, type Diagnostic, type Position } from '@bpftrace-ts/parser';
import { check, type KernelFeatures, type KernelInfo } from '@bpftrace-ts/typecheck';
import { shippedKernel, withFeatures } from '../support/this-kernel.js';
import { readTool, toolNames } from '../support/debian-tools.js';
import { chunks, mutate, spliced, structured, tokenSoup, windowsOf } from './generators.js';

const SCALE = Number(process.env['FRONTEND_FUZZ_SCALE'] ?? 1);
const SEED = process.env['FRONTEND_FUZZ_SEED'];
const params = (numRuns: number) => ({
  numRuns: Math.max(10, Math.round(numRuns * SCALE)),
  ...(SEED ? { seed: Number(SEED) } : {}),
});
const TIMEOUT = 240_000; // ~15 s in all on a 2-CPU VM; slow CI gets headroom

const E2E = fileURLToPath(new URL('../../test-fixtures/e2e/', import.meta.url));
const readBt = (dir: string) =>
  existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.bt')).sort().map((f) => readFileSync(`${dir}/${f}`, 'utf8')) : [];
const tools = toolNames.map(readTool);
const fixtures = readBt(E2E);
const seeds = [...tools, ...fixtures];
// Every feature declared: each generated run then picks its own (withFeatures).
// The kernel profile shipped with the CLI: the same answers on every machine, no tracefs or BTF needed.
const kernel = seeds.length ? shippedKernel({ kprobes: true, fentry: true, uprobes: true, ringbuf: true, attachCookie: true }) : undefined;
if (!kernel || tools.length === 0) console.warn('\n!!! SKIPPED frontend property test: needs /usr/sbin/*.bt (Debian\'s bpftrace package) !!!\n');

/** Offset -> 1-based line/column, computed independently of the parser's LineMap. */
function lineCol(src: string, offset: number): { line: number; column: number } {
  const before = src.slice(0, offset);
  const nl = before.lastIndexOf('\n');
  return { line: before.split('\n').length, column: offset - nl };
}

function expectValidPosition(p: Position, src: string, what: string): void {
  expect(p.line, what).toBeGreaterThanOrEqual(1);
  expect(p.column, what).toBeGreaterThanOrEqual(1);
  expect(p.offset >= 0 && p.offset <= src.length, `${what}: offset ${p.offset} of ${src.length}`).toBe(true);
  expect({ line: p.line, column: p.column }, what).toEqual(lineCol(src, p.offset));
}

function expectValidDiagnostics(diags: readonly Diagnostic[], src: string): void {
  for (const d of diags) {
    const what = `${d.code}: ${d.message}`;
    expect(d.code, what).not.toMatch(/internal/);
    if (!d.range) continue;
    expectValidPosition(d.range.start, src, `${what} (start)`);
    expectValidPosition(d.range.end, src, `${what} (end)`);
    expect(d.range.start.offset, what).toBeLessThanOrEqual(d.range.end.offset);
  }
}

interface Run {
  src: string;
  features: KernelFeatures;
  params: string[];
}

/** The property: the whole frontend on one script. */
function frontend(k: KernelInfo, { src, features, params: ps }: Run): void {
  let parsed: ReturnType<typeof parse> | undefined;
  expect(() => (parsed = parse(src, { file: 'fuzz.bt' }))).not.toThrow();
  expectValidDiagnostics(parsed!.diagnostics, src);
  const ast = parsed!.ast;
  if (!ast) return;
  let checked: ReturnType<typeof check> | undefined;
  expect(() => (checked = check(ast, withFeatures(k, features), { params: ps, unsafe: false, file: 'fuzz.bt' }))).not.toThrow();
  expectValidDiagnostics(checked!.diagnostics, src);
}

const features = fc.record({
  kprobes: fc.boolean(), fentry: fc.boolean(), uprobes: fc.boolean(), ringbuf: fc.boolean(), attachCookie: fc.boolean(),
});
const positional = fc.constantFrom<string[]>([], ['1'], ['x', '22'], ['/bin/bash', 'readline']);
const run = (src: fc.Arbitrary<string>) => fc.record({ src, features, params: positional });

describe.skipIf(!kernel || tools.length === 0)('frontend never throws; diagnostics have valid ranges', () => {
  const k = kernel!;
  // Whole seeds first: they must all get through, and BTF loading is paid here.
  it('seed scripts', () => {
    for (const src of seeds) frontend(k, { src, features: k.features, params: ['1', 'x'] });
  }, TIMEOUT);
  it('well-formed generated programs, lightly mutated (3,000 runs)', () => {
    const src = fc.tuple(structured(), mutate(0)).map(([p, m]) => m(p));
    fc.assert(fc.property(run(fc.oneof(structured(), src)), (r) => frontend(k, r)), params(3000));
  }, TIMEOUT);
  it('token soup (500 runs)', () => {
    fc.assert(fc.property(run(tokenSoup()), (r) => frontend(k, r)), params(500));
  }, TIMEOUT);
  it('random binary strings (500 runs)', () => {
    fc.assert(fc.property(run(fc.string({ maxLength: 60, unit: 'binary' })), (r) => frontend(k, r)), params(500));
  }, TIMEOUT);
  it('mutated probe-aligned windows of tools and fixtures (3,400 runs)', () => {
    const src = fc.tuple(windowsOf(seeds), mutate()).map(([w, m]) => m(w));
    fc.assert(fc.property(run(src), (r) => frontend(k, r)), params(3400));
  }, TIMEOUT);
  it('probes spliced from different scripts, then mutated (2,200 runs)', () => {
    const src = fc.tuple(spliced(chunks(seeds)), mutate(0)).map(([s, m]) => m(s));
    fc.assert(fc.property(run(src), (r) => frontend(k, r)), params(2200));
  }, TIMEOUT);
  it('mutated whole scripts (400 runs)', () => {
    const src = fc.tuple(fc.constantFrom(...seeds), mutate()).map(([s, m]) => m(s));
    fc.assert(fc.property(run(src), (r) => frontend(k, r)), params(400));
  }, TIMEOUT);
});
