// Writes to the process's stdout and stderr. (Where a session's output goes, stdout or the
// -o file, is the runtime's: runner/output.ts.)

import { writeSync } from 'node:fs';

/**
 * Writes all of `text` to `fd` synchronously. EPIPE (a closed pipe, `| head`) and other
 * write errors are swallowed: they must not become a stack trace.
 */
export function writeAllSync(fd: number, text: string): void {
  const buf = Buffer.from(text);
  for (let off = 0; off < buf.length;) {
    try {
      off += writeSync(fd, buf, off);
    } catch (e) {
      if ((e as { code?: string }).code === 'EAGAIN') continue; // non-blocking pipe: retry
      return;
    }
  }
}
