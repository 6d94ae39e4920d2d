// Pure comparison of a tracer's output with a recorded expectation.
// The fixtures trace the whole system, so besides `exact` there are modes that
// drop other processes' lines (`filtered`) or check only ranges (`bounds`);
// see test-fixtures/README.md for when each is used.

export interface Bound {
  /** Regex on a selected line; the values of all matching lines are summed. */
  match: string;
  /** Count the matching lines instead of summing their values (for lines without one). */
  count?: boolean;
  min?: number;
  max?: number;
}

export type CompareSpec =
  | { mode: 'exact' }
  | {
      mode: 'filtered';
      /** Regex on an item's first line: the items that may come from other processes. */
      select: string;
      /** Of the selected items, those kept and compared exactly. */
      keep: string;
    }
  | {
      mode: 'bounds';
      /** Regex on a line: lines whose values vary; every other line is compared exactly. */
      select: string;
      /** Every selected line must match this regex. */
      format?: string;
      /** Selected lines' values must not decrease (bpftrace sorts maps by value). */
      sortedAscending?: boolean;
      bounds: Bound[];
    };

/** A printed line or a histogram entry (header, bucket lines, trailing blank line). */
export interface Item {
  lines: string[];
}

const HIST_LINE = /^([[(][^\])]*[\])])\s+(\d+) \|(@*)( *)\|$/;
const MAP_VALUE = /: (-?\d+)$/;
const BAR_WIDTH = 52; // bpftrace's histogram bar width

const isBucket = (line: string) => line.startsWith('[') || line.startsWith('(');

export function splitItems(text: string): Item[] {
  const lines = text.split('\n');
  const items: Item[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('@') && i + 1 < lines.length && isBucket(lines[i + 1])) {
      const item = [line];
      while (i + 1 < lines.length && isBucket(lines[i + 1])) item.push(lines[++i]);
      // bpftrace ends each histogram with a blank line; it belongs to the entry.
      if (i + 1 < lines.length && lines[i + 1] === '') item.push(lines[++i]);
      items.push({ lines: item });
    } else {
      items.push({ lines: [line] });
    }
  }
  return items;
}

/** The number a line carries: a histogram bucket's count or a map entry's value. */
export function lineValue(line: string): number | undefined {
  const hist = HIST_LINE.exec(line);
  if (hist) return Number(hist[2]);
  const map = MAP_VALUE.exec(line);
  return map ? Number(map[1]) : undefined;
}

/** The part of an output that must equal between actual and expected. */
export function comparableView(text: string, spec: CompareSpec): string {
  switch (spec.mode) {
    case 'exact':
      return text;
    case 'filtered': {
      const select = new RegExp(spec.select);
      const keep = new RegExp(spec.keep);
      return splitItems(text)
        .filter((it) => !select.test(it.lines[0]) || keep.test(it.lines[0]))
        .map((it) => it.lines.join('\n'))
        .join('\n');
    }
    case 'bounds': {
      const select = new RegExp(spec.select);
      return text
        .split('\n')
        .filter((l) => !select.test(l))
        .join('\n');
    }
  }
}

/** Problems with one output on its own: bounds, formats, histogram bars. */
export function checkOutput(text: string, spec: CompareSpec): string[] {
  const problems = checkHistBars(text);
  if (spec.mode === 'filtered') {
    const select = new RegExp(spec.select);
    const keep = new RegExp(spec.keep);
    const kept = splitItems(text).filter((it) => select.test(it.lines[0]) && keep.test(it.lines[0]));
    // Guards against a keep pattern that matches nothing, which would pass vacuously.
    if (kept.length === 0) problems.push(`no item matches keep /${spec.keep}/`);
  }
  if (spec.mode === 'bounds') problems.push(...checkBounds(text, spec));
  return problems;
}

function checkBounds(text: string, spec: Extract<CompareSpec, { mode: 'bounds' }>): string[] {
  const problems: string[] = [];
  const select = new RegExp(spec.select);
  const selected = text.split('\n').filter((l) => select.test(l));
  if (spec.format) {
    const format = new RegExp(spec.format);
    for (const l of selected) if (!format.test(l)) problems.push(`line does not match /${spec.format}/: ${l}`);
  }
  if (spec.sortedAscending) {
    const values = selected.map(lineValue);
    for (let i = 1; i < values.length; i++) {
      if ((values[i] ?? 0) < (values[i - 1] ?? 0)) {
        problems.push(`not sorted ascending: "${selected[i - 1]}" before "${selected[i]}"`);
        break;
      }
    }
  }
  for (const b of spec.bounds) {
    const re = new RegExp(b.match);
    const matching = selected.filter((l) => re.test(l));
    if (matching.length === 0) {
      problems.push(`no line matches /${b.match}/`);
      continue;
    }
    const sum = b.count ? matching.length : matching.reduce((s, l) => s + (lineValue(l) ?? NaN), 0);
    if (Number.isNaN(sum)) problems.push(`a line matching /${b.match}/ has no value`);
    else if ((b.min !== undefined && sum < b.min) || (b.max !== undefined && sum > b.max))
      problems.push(`/${b.match}/ sums to ${sum}, outside [${b.min ?? '-inf'}, ${b.max ?? 'inf'}]`);
  }
  return problems;
}

/** Each histogram's bars must be floor(count * 52 / max count), as bpftrace draws them. */
export function checkHistBars(text: string): string[] {
  const problems: string[] = [];
  let run: RegExpExecArray[] = [];
  const flush = () => {
    const max = Math.max(0, ...run.map((m) => Number(m[2])));
    for (const m of run) {
      const want = max > 0 ? Math.floor((Number(m[2]) * BAR_WIDTH) / max) : 0;
      if (m[3].length !== want || m[3].length + m[4].length !== BAR_WIDTH)
        problems.push(`histogram bar should have ${want} of ${BAR_WIDTH} @: ${m[0]}`);
    }
    run = [];
  };
  for (const line of text.split('\n')) {
    const m = HIST_LINE.exec(line);
    if (m) run.push(m);
    else flush();
  }
  flush();
  return problems;
}
