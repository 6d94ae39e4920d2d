// -k: a failed helper call, as bpftrace 0.17 prints it (a warning with the source
// line in text; a "helper_error" line in JSON).
import type { OutputFormat } from './render-map.js';

export interface HelperErrorSite {
  helper: string;
  /** 1-based line and column of the site. */
  line: number;
  col: number;
  /** `stdin:1:25-30`, and the source line with its `~~~` underline (filled in by the CLI). */
  where?: string;
  context?: string;
}

/** `message` is the errno's text (strerror of -retcode). */
export function renderHelperError(site: HelperErrorSite, retcode: bigint, message: string, format: OutputFormat): string {
  if (format === 'json') {
    return `{"type": "helper_error", "helper": "${site.helper}", "retcode": ${retcode}, "line": ${site.line}, "col": ${site.col}}\n`;
  }
  const where = site.where ?? `stdin:${site.line}:${site.col}`;
  const context = site.context ? `\n${site.context}` : '';
  // A lookup that found nothing (-kk) has no errno: bpftrace 0.17 prints its 0 alone.
  const reason = retcode === 0n ? '0' : `${message} (${retcode})`;
  return `${where}: WARNING: Failed to ${site.helper}: ${reason}${context}\n`;
}
