// renderDiagnostic: bpftrace's text format.
//   stdin:1:14-15: ERROR: syntax error, unexpected }
//   BEGIN { @x = }
//                ~
// A range over several lines prints `stdin:1-2: ERROR: ...` and no source; a
// diagnostic without a range prints `ERROR: ...` alone.
import type { Diagnostic } from './diagnostic.js';
import { LineMap } from './positions.js';

export function renderDiagnostic(d: Diagnostic, source: string): string {
  const label = d.severity === 'warning' ? 'WARNING' : 'ERROR';
  const notes = (d.notes ?? []).map((n) => `\nHINT: ${n}`).join('');
  if (!d.range) return `${label}: ${d.message}${notes}`;
  const file = d.file ?? 'stdin';
  const { start, end } = d.range;
  if (start.line !== end.line) return `${file}:${start.line}-${end.line}: ${label}: ${d.message}${notes}`;
  const text = new LineMap(source).lineText(start.line);
  // The underline stops at the end of the line (an unterminated string, say).
  const stop = Math.min(end.column, text.length + 1);
  const underline = ' '.repeat(start.column - 1) + '~'.repeat(Math.max(0, stop - start.column));
  return `${file}:${start.line}:${start.column}-${end.column}: ${label}: ${d.message}\n${text}\n${underline}${notes}`;
}

export function renderDiagnostics(diags: readonly Diagnostic[], source: string): string {
  return diags.map((d) => renderDiagnostic(d, source) + '\n').join('');
}
