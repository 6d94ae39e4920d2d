// The library calls check their arguments: a wrong one is a TypeError naming the call and the
// parameter, never a coerced program ("undefined" parsed as a script) or a failure inside a pass.
import { describe, expect, it } from 'vitest';
import { backend, compileScript, frontend, jsonDiagnostics, lintScript, listProbes, main, parseArgs, sarifLog, splitCommand, textReport } from '../src/index.js';
import { readDefaultProfile } from '../src/kernel/index.js';
import { parse } from '@bpftrace-ts/parser';
import { check } from '@bpftrace-ts/typecheck';

const kernel = readDefaultProfile();

describe.skipIf(!kernel)('library arguments', () => {
  it('refuses a source that is not a string, naming it', () => {
    for (const [bad, got] of [[undefined, 'undefined'], [42, 'number'], [{}, 'object'], [null, 'null']] as const) {
      expect(() => compileScript(bad as never, { kernel: kernel! })).toThrow(new TypeError(`compileScript: source must be a string, got ${got}`));
      expect(() => lintScript(bad as never, { kernel: kernel! })).toThrow(new TypeError(`lintScript: source must be a string, got ${got}`));
      expect(() => frontend(bad as never, { kernel: kernel! })).toThrow(TypeError);
      expect(() => parse(bad as never)).toThrow(new TypeError(`parse: source must be a string, got ${got}`));
    }
  });

  it('refuses options that are not an object, or an option of the wrong type', () => {
    const src = 'BEGIN { exit(); }';
    expect(() => compileScript(src, null as never)).toThrow(new TypeError('compileScript: options must be an object, got null'));
    expect(() => lintScript(src, 'x' as never)).toThrow(new TypeError('lintScript: options must be an object, got string'));
    expect(() => lintScript(src, { file: 3 } as never)).toThrow(new TypeError('lintScript: options.file must be a string, got number'));
    expect(() => lintScript(src, { params: ['1', 2] } as never)).toThrow(new TypeError('lintScript: options.params must be an array of strings, got array'));
    expect(() => lintScript(src, { unsafe: 'yes' } as never)).toThrow(new TypeError('lintScript: options.unsafe must be a boolean, got string'));
    expect(() => compileScript(src, { irOnly: 1 } as never)).toThrow(new TypeError('compileScript: options.irOnly must be a boolean, got number'));
  });

  it('refuses a kernel that is not a KernelInfo, saying what it lacks', () => {
    const src = 'BEGIN { exit(); }';
    expect(() => compileScript(src, { kernel: {} as never })).toThrow(new TypeError('compileScript: options.kernel must be a KernelInfo: tracepoints() is missing'));
    expect(() => lintScript(src, { kernel: { ...kernel!, features: undefined } as never }))
      .toThrow(new TypeError('lintScript: options.kernel must be a KernelInfo: features is undefined, not an object'));
    expect(() => lintScript(src, { kernel: 5 as never })).toThrow(new TypeError('lintScript: options.kernel must be a KernelInfo object, got number'));
    const ast = parse(src).ast!;
    expect(() => check(ast, {} as never, { params: [] })).toThrow(new TypeError('check: kernel must be a KernelInfo: tracepoints() is missing'));
    expect(() => check('BEGIN {}' as never, kernel!, { params: [] })).toThrow(new TypeError('check: ast must be a Program from parse(), got string'));
    expect(() => check(ast, kernel!, null as never)).toThrow(new TypeError('check: options must be an object, got null'));
    expect(() => backend({} as never, kernel!)).toThrow(/backend: checked must be a CheckedProgram/);
  });

  it('works with options omitted', () => {
    expect(lintScript('BEGIN { exit(); }')).toEqual([]);
    expect(lintScript('BEGIN { @x = $y; }').map((d) => d.message)).toEqual(['Undefined or undeclared variable: $y']);
    expect(check(parse('BEGIN { exit(); }').ast!, kernel!, {} as never).diagnostics).toEqual([]);
    const r = compileScript('BEGIN { exit(); }');
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.object).toBeDefined();
  });

  it('the other exported functions check theirs too', async () => {
    expect(() => textReport(undefined as never)).toThrow(new TypeError('textReport: reports must be an array, got undefined'));
    expect(() => jsonDiagnostics([{ file: 'a', source: 1 }] as never)).toThrow(new TypeError('jsonDiagnostics: reports[0].source must be a string, got number'));
    expect(() => sarifLog([{ file: 'a', source: '' }] as never)).toThrow(new TypeError('sarifLog: reports[0].diagnostics must be an array, got undefined'));
    expect(textReport([{ file: 'a.bt', source: '', diagnostics: [] }])).toBe('');
    expect(() => parseArgs('-e x' as never)).toThrow(new TypeError('parseArgs: argv must be an array of strings, got string'));
    expect(() => splitCommand(['ls'] as never)).toThrow(new TypeError('splitCommand: line must be a string, got array'));
    expect(() => listProbes({} as never, undefined, false)).toThrow(new TypeError('listProbes: kernel must be a KernelInfo: tracepoints() is missing'));
    expect(() => listProbes(kernel!, 3 as never, false)).toThrow(new TypeError('listProbes: search must be a string, got number'));
    await expect(main([1] as never)).rejects.toThrow(new TypeError('main: argv must be an array of strings, got array'));
  });
});
