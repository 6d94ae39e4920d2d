// Turn textual IR into a BPF ELF object with llc, through pipes (no temp files).

import { spawnSync } from 'node:child_process';
import type { Diagnostic } from '@bpftrace-ts/parser';

export const DEFAULT_LLC = '/usr/lib/llvm-14/bin/llc';

export interface LlcResult {
  object?: Uint8Array;
  diagnostics: Diagnostic[];
  /** Wall time of the llc run in milliseconds. */
  ms: number;
}

export function runLlc(ir: string, llc = DEFAULT_LLC, optLevel = 2): LlcResult {
  const t0 = performance.now();
  const r = spawnSync(llc, ['-march=bpf', '-mcpu=v3', '-filetype=obj', `-O${optLevel}`, '-o', '-'], {
    input: ir,
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.error) {
    return { ms, diagnostics: [{ severity: 'error', code: 'codegen/llc', message: `could not run ${llc}: ${r.error.message}` }] };
  }
  if (r.status !== 0) {
    // llc repeats some errors once per instruction (e.g. the stack limit): keep each line once.
    const lines = [...new Set((r.stderr?.toString() ?? '').split('\n').map((l) => l.trim()).filter(Boolean))];
    const msg = lines.slice(0, 20).join('\n');
    return { ms, diagnostics: [{ severity: 'error', code: 'codegen/llc', message: `llc failed (${r.status ?? r.signal}): ${msg}` }] };
  }
  return { ms, object: new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength), diagnostics: [] };
}
