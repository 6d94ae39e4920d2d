// hist() and lhist() rendering: bucket labels, the 52-column bar chart, and the JSON bucket list.
// Only the rows between the first and last non-zero bucket are printed (text and JSON alike).

export type HistShape =
  | { kind: 'hist' }
  | { kind: 'lhist'; min: number; max: number; step: number };

interface Bucket {
  label: string;       // text label, e.g. "[4, 8)", "(..., 0)", "[100, ...)"
  json: string;        // JSON members before "count", e.g. "\"min\": 4, \"max\": 7, "
}

const BAR_WIDTH = 52;
const SUFFIXES = ['', 'K', 'M', 'G', 'T', 'P', 'E'];

/** 1024 -> "1K", 3 * 2^20 -> "3M": the largest 1024-power that divides the number exactly. */
function suffixed(n: bigint): string {
  let i = 0;
  while (n !== 0n && n % 1024n === 0n && i < SUFFIXES.length - 1) { n /= 1024n; i++; }
  return `${n}${SUFFIXES[i]}`;
}

/**
 * Log2 hist bucket i: 0 holds negatives, 1 holds 0, i >= 2 holds [2^(i-2), 2^(i-1)).
 * The JSON bounds are computed in 32-bit int arithmetic, as bpftrace 0.17 does: from bucket
 * 33 ([2G, 4G)) on they wrap (that bucket prints "min": -2147483648, "max": 0).
 */
function histBucket(i: number): Bucket {
  if (i === 0) return { label: '(..., 0)', json: '"max": -1, ' };
  if (i === 1) return { label: '[0]', json: '"min": 0, "max": 0, ' };
  const p = i - 2;
  const lo = 1n << BigInt(p), hi = 1n << BigInt(p + 1);
  const label = p === 0 ? '[1]' : `[${suffixed(lo)}, ${suffixed(hi)})`;
  // JS shifts, like x86, use the count mod 32; `| 0` wraps like C int overflow.
  const jmin = (1 << p) | 0, jmax = ((1 << (p + 1)) - 1) | 0;
  return { label, json: `"min": ${jmin}, "max": ${jmax}, ` };
}

/** An lhist bound as bpftrace 0.17 labels it: multiples of 2^20 as "3M", of 1024 as "5K", 0 plain (no larger suffixes). */
function lhistLabel(n: number): string {
  if (n === 0) return '0';
  if (n % 1048576 === 0) return `${n / 1048576}M`;
  if (n % 1024 === 0) return `${n / 1024}K`;
  return `${n}`;
}

/** Linear hist bucket i: 0 is below min, 1..n are steps, the last is >= max. JSON bounds are plain numbers. */
function lhistBucket(i: number, n: number, s: { min: number; max: number; step: number }): Bucket {
  if (i === 0) return { label: `(..., ${lhistLabel(s.min)})`, json: `"max": ${s.min - 1}, ` };
  if (i === n - 1) return { label: `[${lhistLabel(s.max)}, ...)`, json: `"min": ${s.max}, ` };
  const lo = s.min + (i - 1) * s.step, hi = lo + s.step;
  return { label: `[${lhistLabel(lo)}, ${lhistLabel(hi)})`, json: `"min": ${lo}, "max": ${hi - 1}, ` };
}

function bucketOf(shape: HistShape, i: number, n: number): Bucket {
  return shape.kind === 'hist' ? histBucket(i) : lhistBucket(i, n, shape);
}

function printedRange(counts: bigint[]): [number, number] {
  let first = counts.findIndex((c) => c !== 0n);
  if (first < 0) return [0, -1];
  let last = counts.length - 1;
  while (counts[last] === 0n) last--;
  return [first, last];
}

/** The histogram rows (each ending "\n"); empty when every bucket is 0. */
export function histText(shape: HistShape, counts: bigint[]): string {
  const [first, last] = printedRange(counts);
  let max = 0n;
  for (let i = first; i <= last; i++) if (counts[i]! > max) max = counts[i]!;
  let out = '';
  for (let i = first; i <= last; i++) {
    const c = counts[i]!;
    const bar = max === 0n ? 0 : Number((c * BigInt(BAR_WIDTH)) / max);
    out += bucketOf(shape, i, counts.length).label.padEnd(16) + c.toString().padStart(8) +
      ' |' + '@'.repeat(bar) + ' '.repeat(BAR_WIDTH - bar) + '|\n';
  }
  return out;
}

/** The JSON array of buckets: [{"min": 4, "max": 7, "count": 1}, ...]. */
export function histJson(shape: HistShape, counts: bigint[]): string {
  const [first, last] = printedRange(counts);
  const items: string[] = [];
  for (let i = first; i <= last; i++) items.push(`{${bucketOf(shape, i, counts.length).json}"count": ${counts[i]}}`);
  return `[${items.join(', ')}]`;
}
