// Parse + check in one call for tests.
import { parse, type Diagnostic } from '@bpftrace-ts/parser';
import { check, type CheckOptions, type CheckResult } from '../src/index.js';
import { fakeKernel } from './fake-kernel.js';

const kernel = fakeKernel();

export function checkSource(src: string, opts: Partial<CheckOptions> = {}): CheckResult {
  const p = parse(src, { file: 'stdin' });
  if (!p.ast || p.diagnostics.some((d) => d.severity === 'error')) {
    return { diagnostics: p.diagnostics };
  }
  return check(p.ast, kernel, { ...opts, params: opts.params ?? [], file: 'stdin' });
}

/** "stdin:1:20-32: ERROR: msg", as bpftrace prints a one-line diagnostic's first line. */
export function firstLine(d: Diagnostic): string {
  const r = d.range;
  const loc = !r ? '' : r.start.line === r.end.line
    ? `${d.file ?? 'stdin'}:${r.start.line}:${r.start.column}-${r.end.column}: `
    : `${d.file ?? 'stdin'}:${r.start.line}-${r.end.line}: `;
  return `${loc}ERROR: ${d.message}`;
}

/** A rendered first line cut into its location (`file:L:C-C: `) and its message. */
export function splitDiagnosticLine(line: string): { loc: string; msg: string } {
  const m = /(ERROR|WARNING): /.exec(line);
  const i = m?.index ?? 0;
  return { loc: line.slice(0, i), msg: line.slice(i + (m?.[0].length ?? 0)) };
}
