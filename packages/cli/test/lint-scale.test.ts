// Lint of 100,000-statement scripts of several shapes (test/support/big-scripts.mjs) gives the
// right results: every statement in the AST, the expected diagnostics, each where it belongs.
// How fast and how much memory is for the benchmark (`npm run bench -- --only lint-scale`),
// not for a test.
import { describe, expect, it } from 'vitest';
import type { Stmt } from '@bpftrace-ts/parser';
import { frontend } from '../src/frontend.js';
import { SHAPES, STATEMENTS, expected } from '../../../test/support/big-scripts.mjs';

/** Statements, those in blocks too (an explicit stack: no recursion on big bodies). */
function countStatements(body: Stmt[]): number {
  let n = 0;
  const todo: Stmt[][] = [body];
  while (todo.length) {
    for (const s of todo.pop()!) {
      n++;
      if (s.kind === 'If') todo.push(s.then, ...(s.else ? [s.else] : []));
      else if (s.kind === 'Unroll' || s.kind === 'While') todo.push(s.body);
    }
  }
  return n;
}

describe(`lint of ${STATEMENTS.toLocaleString('en')} statements`, () => {
  for (const [name, shape] of Object.entries(SHAPES)) {
    it(name, () => {
      const src = shape.script(STATEMENTS);
      const { ast, diagnostics } = frontend(src, { file: `${name}.bt` });
      expect(diagnostics.filter((d) => /internal/.test(d.code))).toEqual([]);
      expect(diagnostics.filter((d) => d.severity === 'error').length).toBe(expected(shape.errors, STATEMENTS));
      expect(diagnostics.filter((d) => d.severity === 'warning').length).toBe(expected(shape.warnings, STATEMENTS));
      if (shape.syntaxError) {
        // At the end of the last line, as bpftrace places it.
        const lastLine = src.split('\n').length;
        expect(diagnostics[0]).toMatchObject({ message: shape.syntaxError, range: { start: { line: lastLine }, end: { offset: src.length } } });
        return;
      }
      expect(ast!.probes.length).toBe(expected(shape.probes, STATEMENTS));
      expect(ast!.probes.reduce((n, p) => n + countStatements(p.body), 0)).toBe(expected(shape.statements, STATEMENTS));
      // Positions at the far end are right: the last probe ends on the last line.
      const lastLine = src.trimEnd().split('\n').length;
      expect(ast!.probes.at(-1)!.range.end).toMatchObject({ line: lastLine, offset: src.trimEnd().length });
    });
  }

  it('mixed: each type error at its own statement, in order', () => {
    const src = SHAPES.mixed.script(STATEMENTS);
    const lines = src.split('\n');
    const { diagnostics } = frontend(src, { file: 'mixed.bt' });
    expect(diagnostics.length).toBe(STATEMENTS / 1000);
    let previous = 0;
    for (const d of diagnostics) {
      const map = /^Type mismatch for (@bad\d+):/.exec(d.message)?.[1];
      expect(map, d.message).toBeDefined();
      const { line, column } = d.range!.start;
      const text = lines[line - 1]!;
      // Underlined: the map where it is given the string, as bpftrace does.
      expect(text.slice(column - 1, d.range!.end.column - 1)).toBe(map);
      expect(column - 1).toBe(text.indexOf(`${map} = "s"`));
      expect(line).toBeGreaterThan(previous);
      previous = line;
    }
  });
});
