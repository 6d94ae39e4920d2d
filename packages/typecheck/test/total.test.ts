// check() never throws: on any parsed AST it returns diagnostics (or a program).
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { checkSource } from './helpers.js';

const pieces = ['BEGIN', 'END', 't:syscalls:sys_enter_*', 'kprobe:f', '{', '}', '@x', '@y[1]', '$a', '=', '+=', '++',
  'count()', 'hist($a)', 'printf("%d %s\\n", pid, comm)', 'args->ret', 'args->filename', ';', 'if (', ')', 'retval',
  '(1, "a")', '.0', '.5', 'str($1)', '$1', 'unroll(2)', 'while', 'break', 'print(@x)', 'clear(@y)', '?', ':', '-', '!'];

describe('totality', () => {
  it('never throws on generated scripts', () => {
    fc.assert(fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 25 }), (parts) => {
      const r = checkSource(parts.join(' '), { params: ['x'] });
      expect(Array.isArray(r.diagnostics)).toBe(true);
      expect(r.diagnostics.every((d) => d.code !== 'type/internal')).toBe(true);
    }), { numRuns: 400 });
  });
});
