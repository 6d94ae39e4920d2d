// -k: the runtime has no script text, so the helper_error events of the manifest get
// their rendered location and source context here, where the source is known.
import { renderDiagnostic, type SourceRange } from '@bpftrace-ts/parser';
import type { Manifest } from '@bpftrace-ts/codegen';

/**
 * bpftrace 0.17 reports a failed `@m[k] = v` at the `=`, widened left over the
 * characters touching it (`@[3]=3` gives `@[3]=`, `@[3] = 3` gives `=`).
 */
function equalsRange(range: SourceRange, source: string): SourceRange {
  const eq = source.lastIndexOf('=', range.end.offset - 1);
  if (eq < range.start.offset) return range;
  let from = eq;
  while (from > range.start.offset && !/\s/.test(source[from - 1])) from--;
  const line = range.start.line;
  const lineStart = range.start.offset - (range.start.column - 1);
  if (source.slice(lineStart, eq).includes('\n')) return range;
  const at = (offset: number) => ({ line, column: offset - lineStart + 1, offset });
  return { start: at(from), end: at(eq + 1) };
}

export function locateHelperErrors(manifest: Manifest, source: string, file: string): void {
  for (const e of manifest.events) {
    if (e.kind !== 'helper_error') continue;
    if (e.equals) { e.range = equalsRange(e.range, source); delete e.equals; }
    const text = renderDiagnostic({ severity: 'warning', code: 'runtime/helper-error', message: '', file, range: e.range }, source);
    const nl = text.indexOf('\n');
    e.where = (nl < 0 ? text : text.slice(0, nl)).replace(/: WARNING: $/, '');
    if (nl >= 0) e.context = text.slice(nl + 1);
  }
}
