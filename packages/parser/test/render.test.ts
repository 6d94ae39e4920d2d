import { describe, expect, it } from 'vitest';
import { error, parse, printAst, renderDiagnostic, warning, type Diagnostic } from '../src/index.js';

const at = (l1: number, c1: number, l2: number, c2: number) => ({
  start: { line: l1, column: c1, offset: 0 },
  end: { line: l2, column: c2, offset: 0 },
});

describe('renderDiagnostic', () => {
  const src = 'kretprobe:vfs_read /@start[tid]/ { }';
  it('one line: location, source, underline', () => {
    const d: Diagnostic = { ...error('x', 'Undefined map: @start', at(1, 20, 1, 32)), file: 'script.bt' };
    expect(renderDiagnostic(d, src)).toBe(
      'script.bt:1:20-32: ERROR: Undefined map: @start\n' + src + '\n' + ' '.repeat(19) + '~'.repeat(12),
    );
  });
  it('warnings, default file stdin', () => {
    expect(renderDiagnostic(warning('w', 'careful', at(1, 1, 1, 2)), 'ab')).toBe('stdin:1:1-2: WARNING: careful\nab\n~');
  });
  it('several lines: no source', () => {
    expect(renderDiagnostic(error('x', 'kprobe probe type requires 1 argument', at(1, 1, 2, 9)), 'a\nb')).toBe(
      'stdin:1-2: ERROR: kprobe probe type requires 1 argument',
    );
  });
  it('no range', () => {
    expect(renderDiagnostic(error('x', 'No probes'), '')).toBe('ERROR: No probes');
  });
  it('underline stops at the end of the line', () => {
    expect(renderDiagnostic(error('x', 'm', at(1, 3, 1, 9)), 'abcd\nef')).toBe('stdin:1:3-9: ERROR: m\nabcd\n  ~~');
  });
});

describe('printAst typed mode', () => {
  it('uses formatType', () => {
    const { ast } = parse('BEGIN { @x = 1 }');
    const e = ast!.probes[0]!.body[0]!;
    if (e.kind === 'AssignMap') e.value.type = { tag: 'int', bits: 64, signed: true };
    expect(printAst(ast!, { typed: true })).toContain('int: 1 :: type[int64, ctx: 0]');
    expect(printAst(ast!, { typed: true, formatType: (t) => t.tag })).toContain('int: 1 :: int');
    expect(printAst(ast!)).toContain('int: 1 :: type[none, ctx: 0]');
  });
});
