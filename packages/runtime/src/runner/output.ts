// Where a session's output goes: stdout or the -o file, with -B buffering.
// Writes are synchronous so that output is complete even when a signal ends the run.

import { closeSync, openSync, writeSync } from 'node:fs';
import { describeFsError } from './fs-errors.js';

export interface Output {
  write(text: string): void;
  /** Flush what -B full held back and close a file. */
  close(): void;
}

export type OutputResult = { ok: true; output: Output } | { ok: false; message: string };

export function openOutput(file: string | undefined, mode: 'full' | 'line' | 'none' | undefined): OutputResult {
  let fd = 1;
  if (file !== undefined) {
    try {
      fd = openSync(file, 'w');
    } catch (e) {
      return { ok: false, message: `failed to open output file '${file}': ${describeFsError(e)}` };
    }
  }
  const put = (text: string) => writeAllSync(fd, text);
  // 'line' and 'none' both write through: every write the runtime makes is whole lines.
  let held = '';
  const full = mode === 'full';
  return {
    ok: true,
    output: {
      write(text) {
        if (!full) return put(text);
        held += text;
        if (held.length >= 64 * 1024) { put(held); held = ''; }
      },
      close() {
        if (held) { put(held); held = ''; }
        if (fd !== 1) { try { closeSync(fd); } catch { /* already closed */ } }
      },
    },
  };
}

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
