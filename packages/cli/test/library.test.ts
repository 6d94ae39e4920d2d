// The library API (src/index.ts): compileScript and lintScript, in process.
import { describe, expect, it } from 'vitest';
import { compileScript, lintScript } from '../src/index.js';
import { readDefaultProfile } from '../src/kernel/index.js';

const kernel = readDefaultProfile();

describe.skipIf(!kernel)('library API', () => {
  it('lintScript returns diagnostics with file and range', () => {
    const diags = lintScript('BEGIN { @x = $y; }', { file: 'a.bt', kernel: kernel! });
    expect(diags).toHaveLength(1);
    expect(diags[0]).toMatchObject({ severity: 'error', file: 'a.bt', range: { start: { line: 1, column: 14 } } });
    expect(lintScript('BEGIN { printf("ok\\n"); }', { file: 'b.bt', kernel: kernel! })).toEqual([]);
  });

  it('compileScript returns object bytes, manifest and IR', () => {
    const r = compileScript('tracepoint:syscalls:sys_enter_openat { @[comm] = count(); }', { file: 'c.bt', params: [], kernel: kernel! });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect([...r.object!.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]);
    expect(r.manifest?.programs.length).toBeGreaterThan(0);
    expect(r.ir).toMatch(/target triple/);
  });

  it('compileScript stops at the first stage with errors', () => {
    const r = compileScript('BEGIN { @x = }', { file: 'd.bt', kernel: kernel! });
    expect(r.object).toBeUndefined();
    expect(r.manifest).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', file: 'd.bt' });
  });
});
