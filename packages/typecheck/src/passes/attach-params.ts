// Positional parameters in attach points: bpftrace 0.17 replaces `$N` by the
// parameter's text before it reads the probe (`i:ms:$1`, even `BEG$1` with `IN`).
import type { AttachPoint } from '@bpftrace-ts/parser';

export function withParams(ap: AttachPoint, params: readonly string[]): AttachPoint {
  if (!ap.raw.includes('$')) return ap;
  const sub = (s: string) => s.replace(/\$(\d+)/g, (_, n: string) => params[Number(n) - 1] ?? '');
  return { ...ap, raw: sub(ap.raw), provider: sub(ap.provider), parts: ap.parts.map(sub) };
}
