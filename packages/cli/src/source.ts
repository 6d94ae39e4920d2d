// Reads the program text from -e, a file, or stdin ('-'). The name given to the
// parser is what diagnostics print: "stdin" for -e and '-', as bpftrace does.

import { readFile } from 'node:fs/promises';
import { describeFsError } from '@bpftrace-ts/runtime/io';

export interface ScriptSource { text: string; name: string }
export type SourceResult = { ok: true; source: ScriptSource } | { ok: false; message: string };

export async function readScript(opts: { program?: string; file?: string }, stdin: NodeJS.ReadableStream = process.stdin): Promise<SourceResult> {
  if (opts.program !== undefined) return { ok: true, source: { text: opts.program, name: 'stdin' } };
  if (opts.file === undefined || opts.file === '-') return { ok: true, source: { text: await readAll(stdin), name: 'stdin' } };
  return readScriptFile(opts.file);
}

export async function readScriptFile(file: string): Promise<SourceResult> {
  try {
    return { ok: true, source: { text: await readFile(file, 'utf8'), name: file } };
  } catch (e) {
    return { ok: false, message: `failed to open file '${file}': ${describeFsError(e)}` };
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks).toString('utf8');
}

/** strerror-like text for the common errno codes (the runtime's table, shared with `run`). */
export { describeFsError };
