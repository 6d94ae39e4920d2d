// Outputs recorded from bpftrace 0.17 by record-syntax-errors.sh.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, printAst, renderDiagnostics } from '../src/index.js';

const load = <T>(name: string): T => JSON.parse(readFileSync(new URL(`./fixtures/${name}`, import.meta.url), 'utf8')) as T;
const errors = load<{ source: string; stderr: string }[]>('syntax-errors.json');
const dumps = load<{ source: string; dump: string }[]>('ast-dumps.json');

describe('syntax errors match bpftrace 0.17', () => {
  for (const { source, stderr } of errors) {
    it(JSON.stringify(source), () => {
      const r = parse(source);
      expect(r.ast).toBeUndefined();
      // Trailing newlines are trimmed on both sides: an empty underline (no location) ends in one.
      expect(renderDiagnostics(r.diagnostics, source).replace(/\n*$/, '\n')).toBe(stderr.replace(/\n*$/, '\n'));
    });
  }
});

describe('-d ast matches bpftrace 0.17', () => {
  for (const { source, dump } of dumps) {
    it(source.slice(0, 60), () => {
      const r = parse(source);
      expect(r.diagnostics).toEqual([]);
      expect(printAst(r.ast!)).toBe(dump);
    });
  }
});
