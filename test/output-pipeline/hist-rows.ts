// bpftrace 0.17's hist rows, rebuilt independently of packages/runtime, to state what we print
// where 0.17 folds every value >= 2^32 into [2G, 4G) (see differences.ts).

const SUFFIX = ['', 'K', 'M', 'G', 'T', 'P', 'E'];

/** 2^k as bpftrace labels it: 512, 1K, 2G, 4E. */
function pow2Label(k: number): string {
  return `${2 ** (k % 10)}${SUFFIX[Math.floor(k / 10)]}`;
}

/** Text row of bucket [2^k, 2^(k+1)) holding `count`, bars scaled to `max`. */
export function histTextRow(k: number, count: number, max: number): string {
  const label = `[${pow2Label(k)}, ${pow2Label(k + 1)})`;
  return `${label.padEnd(16)}${String(count).padStart(8)} |${'@'.repeat(Math.floor((52 * count) / max)).padEnd(52)}|`;
}

/** Text rows for buckets from..to (inclusive), `counts` giving the non-zero ones. */
export function histTextRows(from: number, to: number, counts: Record<number, number>, max: number): string[] {
  const out: string[] = [];
  for (let k = from; k <= to; k++) out.push(histTextRow(k, counts[k] ?? 0, max));
  return out;
}

/**
 * JSON buckets from..to: 0.17 computes bounds as C ints (1 << k on x86 masks k to 5 bits),
 * so [2G, 4G) is {-2147483648, 0} and [4G, 8G) comes out as {1, 1}; we print the same bounds.
 */
export function histJsonBuckets(from: number, to: number, counts: Record<number, number>): string {
  const int32 = (x: number) => x | 0;
  const parts: string[] = [];
  for (let k = from; k <= to; k++) {
    const lo = int32(2 ** (k % 32));
    const hi = int32(2 ** ((k + 1) % 32) - 1);
    parts.push(`{"min": ${lo}, "max": ${hi}, "count": ${counts[k] ?? 0}}`);
  }
  return parts.join(', ');
}
