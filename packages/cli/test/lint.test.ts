// `bpftrace-ts lint`: text, JSON and SARIF shapes, exit codes; runs without root.
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ensureBuilt, isRoot } from './helpers.js';

let dir: string;
let clean: string, bad: string, syntax: string;

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-lint-'));
  clean = join(dir, 'clean.bt');
  bad = join(dir, 'bad.bt');
  syntax = join(dir, 'syntax.bt');
  writeFileSync(clean, 'tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }\n');
  writeFileSync(bad, 'BEGIN {\n  @x = $y;\n  printf("%d\\n");\n}\n');
  writeFileSync(syntax, 'BEGIN { @x = }\n');
  return () => rmSync(dir, { recursive: true, force: true });
});

describe('lint text', () => {
  it('a clean script: no output, exit 0', () => {
    const r = cli(['lint', clean]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
  });

  it('errors: bpftrace-format diagnostics with the file name, exit 1', () => {
    const r = cli(['lint', clean, bad, syntax]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`${bad}:2:8-10: ERROR: Undefined or undeclared variable: $y\n  @x = $y;\n       ~~\n`);
    expect(r.stdout).toMatch(new RegExp(`^${syntax.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:\\d+-\\d+: ERROR: syntax error`, 'm'));
    expect(r.stdout).not.toContain(clean);
  });

  it('an unreadable file is an error', () => {
    const r = cli(['lint', join(dir, 'missing.bt')]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("failed to open file");
  });

  it('reads stdin for "-"', () => {
    const r = cli(['lint', '-'], { input: 'BEGIN { @x = }' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^stdin:1:14-15: ERROR: syntax error/);
  });

  // Already unprivileged: the tests above cover it.
  it.skipIf(!isRoot)('runs as an unprivileged user', () => {
    const r = cli(['lint', '-'], { input: 'BEGIN { printf("hi\\n"); }', asNobody: true, cwd: '/' });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('rejects an unknown format', () => {
    const r = cli(['lint', '--format', 'xml', clean]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('Invalid lint format "xml"');
  });
});

describe('lint --format json', () => {
  it('an array of {file, range, severity, code, message}', () => {
    const r = cli(['lint', '--format', 'json', clean, bad]);
    expect(r.code).toBe(1);
    const diags = JSON.parse(r.stdout) as Record<string, unknown>[];
    expect(Array.isArray(diags)).toBe(true);
    expect(diags.length).toBeGreaterThanOrEqual(2);
    for (const d of diags) {
      expect(d).toEqual(expect.objectContaining({ file: bad, severity: expect.stringMatching(/^(error|warning)$/), code: expect.any(String), message: expect.any(String) }));
      expect(d).toHaveProperty('range');
    }
    expect(diags[0]).toMatchObject({
      range: { start: { line: 2, column: 8 }, end: { line: 2, column: 10 } },
      severity: 'error', message: 'Undefined or undeclared variable: $y',
    });
  });

  it('a clean script gives [] and exit 0', () => {
    const r = cli(['lint', '--format', 'json', clean]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
  });
});

/** The parts of SARIF 2.1.0 that GitHub code scanning requires, checked structurally. */
function validateSarif(log: any): string[] {
  const errs: string[] = [];
  const need = (cond: boolean, what: string) => { if (!cond) errs.push(what); };
  need(typeof log.$schema === 'string' && /sarif.*2\.1\.0/.test(log.$schema), '$schema names SARIF 2.1.0');
  need(log.version === '2.1.0', 'version is "2.1.0"');
  need(Array.isArray(log.runs) && log.runs.length === 1, 'one run');
  const run = log.runs?.[0] ?? {};
  const driver = run.tool?.driver ?? {};
  need(typeof driver.name === 'string' && driver.name.length > 0, 'tool.driver.name');
  need(typeof driver.version === 'string', 'tool.driver.version');
  need(typeof driver.informationUri === 'string' && /^https?:\/\//.test(driver.informationUri), 'tool.driver.informationUri is a URL');
  need(Array.isArray(driver.rules), 'tool.driver.rules');
  const ruleIds = new Set((driver.rules ?? []).map((r: any) => r.id));
  need(ruleIds.size === (driver.rules ?? []).length, 'rule ids are unique');
  for (const rule of driver.rules ?? []) need(typeof rule.id === 'string' && typeof rule.shortDescription?.text === 'string', `rule ${rule.id} has id and shortDescription.text`);
  need(Array.isArray(run.results), 'results');
  for (const [i, res] of (run.results ?? []).entries()) {
    need(ruleIds.has(res.ruleId), `result ${i}: ruleId is a rule`);
    if (res.ruleIndex !== undefined) need(driver.rules[res.ruleIndex]?.id === res.ruleId, `result ${i}: ruleIndex points at ruleId`);
    need(['error', 'warning', 'note', 'none'].includes(res.level), `result ${i}: level`);
    need(typeof res.message?.text === 'string' && res.message.text.length > 0, `result ${i}: message.text`);
    const loc = res.locations?.[0]?.physicalLocation;
    need(typeof loc?.artifactLocation?.uri === 'string', `result ${i}: artifactLocation.uri`);
    const reg = loc?.region ?? {};
    for (const k of ['startLine', 'startColumn', 'endLine', 'endColumn']) need(Number.isInteger(reg[k]) && reg[k] >= 1, `result ${i}: region.${k} >= 1`);
    need(reg.endLine > reg.startLine || (reg.endLine === reg.startLine && reg.endColumn > reg.startColumn), `result ${i}: region not empty`);
  }
  return errs;
}

describe('lint --format sarif', () => {
  it('is valid SARIF 2.1.0 for code scanning', () => {
    const r = cli(['lint', '--format', 'sarif', clean, bad]);
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toEqual([]);
    const res = log.runs[0].results;
    expect(res.length).toBeGreaterThanOrEqual(2);
    expect(res[0]).toMatchObject({
      level: 'error', message: { text: 'Undefined or undeclared variable: $y' },
      locations: [{ physicalLocation: { artifactLocation: { uri: `file://${bad}` }, region: { startLine: 2, startColumn: 8, endLine: 2, endColumn: 10 } } }],
    });
  });

  it('relative paths stay relative URIs', () => {
    const r = cli(['lint', '--format', 'sarif', 'bad.bt'], { cwd: dir });
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation.uri).toBe('bad.bt');
  });

  it('a clean script: a valid log with no results, exit 0', () => {
    const r = cli(['lint', '--format', 'sarif', clean]);
    expect(r.code).toBe(0);
    const log = JSON.parse(r.stdout);
    expect(validateSarif(log)).toEqual([]);
    expect(log.runs[0].results).toEqual([]);
  });
});
