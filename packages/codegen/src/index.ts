// @bpftrace-ts/codegen: a CheckedProgram to LLVM IR (text) and, through llc,
// to a BPF ELF object plus the manifest the runtime needs.

import type { Diagnostic } from '@bpftrace-ts/parser';
import type { CheckedProgram } from '@bpftrace-ts/typecheck';
import type { CodegenOptions } from './context.js';
import { emitModule } from './emit.js';
import { runLlc } from './llc.js';
import type { Manifest } from './manifest.js';

export * from './manifest.js';
export type { CodegenOptions } from './context.js';
export { HIST_BUCKETS, log2Bucket, linearBucket } from './maps.js';
export { runLlc, DEFAULT_LLC, LLC_ENV, installedLlcs, llcVersion, pickLlc } from './llc.js';
export { RINGBUF_NAME } from './events.js';
export { ELAPSED_MAP } from './emit.js';
export { encodeUsdtSpec, USDT_SPECS_MAP, type UsdtArgSpec, type UsdtArgKind } from './usdt-spec.js';

export interface CompileResult {
  object?: Uint8Array;
  manifest?: Manifest;
  ir: string;
  diagnostics: Diagnostic[];
  /** Milliseconds spent in llc. */
  llcMs?: number;
}

function internalError(e: unknown): Diagnostic {
  return { severity: 'error', code: 'codegen/internal', message: `internal code generator error: ${e instanceof Error ? e.stack ?? e.message : String(e)}` };
}

/** IR and manifest without running llc (for `-d ir`). */
export function emitIr(checked: CheckedProgram, options: CodegenOptions = {}): { ir: string; manifest?: Manifest; diagnostics: Diagnostic[] } {
  try {
    return emitModule(checked, options);
  } catch (e) {
    return { ir: '', diagnostics: [internalError(e)] };
  }
}

/** Compile to a BPF ELF object. Errors (including a failing llc) come back as diagnostics. */
export function compile(checked: CheckedProgram, options: CodegenOptions = {}): CompileResult {
  const { ir, manifest, diagnostics } = emitIr(checked, options);
  if (!manifest || diagnostics.some((d) => d.severity === 'error')) return { ir, manifest, diagnostics };
  const r = runLlc(ir, options.llc, options.optLevel);
  return { ir, manifest: r.object ? manifest : undefined, object: r.object, diagnostics: [...diagnostics, ...r.diagnostics], llcMs: r.ms };
}
