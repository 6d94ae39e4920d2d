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
  // bpftrace prints each tab of the line as 4 spaces, so a tab before the range pads the
  // underline by 4 and a tab inside it draws 4 `~`; columns themselves count a tab as 1.
  const width = (from: number, to: number) => {
    let w = 0;
    for (let i = from; i < to; i++) w += text[i] === '\t' ? 4 : 1;
    return w;
  };
  const underline = ' '.repeat(width(0, start.column - 1)) + '~'.repeat(width(start.column - 1, stop - 1));
  return `${file}:${start.line}:${start.column}-${end.column}: ${label}: ${d.message}\n${text.replaceAll('\t', '    ')}\n${underline}${notes}`;
}

export function renderDiagnostics(diags: readonly Diagnostic[], source: string): string {
  return diags.map((d) => renderDiagnostic(d, source) + '\n').join('');
}
