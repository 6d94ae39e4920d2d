// Entries with equal values come out in the kernel's hash order, in bpftrace as in ours (the
// renderer tests compare such outputs the same way). Equal up to ties means: the same lines
// as a multiset, and the same sequence once map keys are masked (so the order by value holds).

const KEYED_LINE = /^(@\w*)\[.*\]: /;

function maskText(line: string): string {
  return line.replace(KEYED_LINE, '$1[*]: ');
}

/**
 * JSON line -> [its value with members sorted by name, the line with member names masked].
 * The masked text keeps the order of values: JS objects would list integer-like keys
 * ("1", "30") numerically, not as printed.
 */
function normJson(line: string): string {
  if (!line) return line;
  const sortDeep = (x: unknown): unknown => {
    if (Array.isArray(x)) return x.map(sortDeep);
    if (x && typeof x === 'object') {
      return Object.fromEntries(Object.entries(x).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => [k, sortDeep(v)]));
    }
    return x;
  };
  return JSON.stringify([sortDeep(JSON.parse(line)), line.replace(/"(?:[^"\\]|\\.)*": /g, '"*": ')]);
}

export function sameUpToTies(actual: string, expected: string, format: 'text' | 'json'): boolean {
  const a = actual.split('\n'), e = expected.split('\n');
  if (format === 'json') return JSON.stringify(a.map(normJson)) === JSON.stringify(e.map(normJson));
  const sorted = (l: string[]) => [...l].sort().join('\n');
  return sorted(a) === sorted(e) && a.map(maskText).join('\n') === e.map(maskText).join('\n');
}
