// The compiler as a library: source -> parse -> check -> codegen, stopping at the
// first stage with errors. Every stage's diagnostics are collected; nothing throws.

import { hasErrors, type Diagnostic, type Program } from '@bpftrace-ts/parser';
import type { CheckedProgram, KernelInfo } from '@bpftrace-ts/typecheck';
import { compile as codegen, emitIr, type Manifest } from '@bpftrace-ts/codegen';
import { linuxKernelInfo } from './kernel/index.js';
import { resolveCgroupId, resolveUserSymbol } from '@bpftrace-ts/runtime';
import { frontend, guard, withFile, LINT_OPTION_KINDS } from './frontend.js';
import { locateLlcErrors } from './llc-errors.js';
import { expectKernel, expectOptions, expectString } from './api-arguments.js';

// Parse + check live in frontend.ts, which loads neither codegen nor the runtime (lint needs neither).
export { frontend, lintScript, type LintScriptOptions } from './frontend.js';

export interface CompileScriptOptions {
  /** Name diagnostics carry ("stdin" for -e). */
  file?: string;
  /** Positional parameters $1..$N. */
  params?: string[];
  /** What is known of the target kernel; default: this machine's (Linux). */
  kernel?: KernelInfo;
  unsafe?: boolean;
  /** Stop after IR and manifest (no llc): for `-d ir` and when no object is wanted. */
  irOnly?: boolean;
}

export interface CompileScriptResult {
  ast?: Program;
  checked?: CheckedProgram;
  /** The BPF ELF object. */
  object?: Uint8Array;
  manifest?: Manifest;
  /** LLVM IR text. */
  ir?: string;
  diagnostics: Diagnostic[];
}

/** Compile a script to a BPF object, its manifest and IR, with every diagnostic on the way. */
export function compileScript(source: string, options: CompileScriptOptions = {}): CompileScriptResult {
  expectString('compileScript', 'source', source);
  expectOptions('compileScript', options, { ...LINT_OPTION_KINDS, irOnly: 'boolean' });
  const kernel = options.kernel ?? linuxKernelInfo();
  const front = frontend(source, { ...options, kernel });
  if (!front.checked) return front;
  const back = backend(front.checked, kernel, options);
  const diagnostics = [...front.diagnostics, ...back.diagnostics];
  return { ...back, ast: front.ast, checked: front.checked, diagnostics };
}

/** Codegen: IR and manifest, then (unless irOnly) the object through llc. */
export function backend(
  checked: CheckedProgram, kernel: KernelInfo,
  options: { file?: string; irOnly?: boolean; ringbufSize?: number; mapMaxEntries?: number; helperErrors?: boolean; lookupErrors?: boolean } = {},
): CompileScriptResult {
  const c = checked as unknown as { probes?: unknown } | null;
  if (c === null || typeof c !== 'object' || !Array.isArray(c.probes)) {
    throw new TypeError(`backend: checked must be a CheckedProgram from frontend(), got ${c === null ? 'null' : typeof c}`);
  }
  expectKernel('backend', 'kernel', kernel);
  expectOptions('backend', options, { file: 'string', irOnly: 'boolean', ringbufSize: 'number', mapMaxEntries: 'number', helperErrors: 'boolean', lookupErrors: 'boolean' });
  const result = guard(() => {
    // cgroupid("path") and uaddr("sym") are resolved here, on this host: codegen reads no files.
    const cgOptions = { kernel, cgroupId: resolveCgroupId, userSymbol: resolveUserSymbol, ringbufSize: options.ringbufSize,
      mapMaxEntries: options.mapMaxEntries, helperErrors: options.helperErrors, lookupErrors: options.lookupErrors };
    const cg = options.irOnly ? emitIr(checked, cgOptions) : codegen(checked, cgOptions);
    return cg as { object?: Uint8Array; manifest?: Manifest; ir?: string; diagnostics: Diagnostic[] };
  }, 'codegen/internal', 'code generator');
  const diagnostics = withFile(locateLlcErrors(result.diagnostics, checked), options.file);
  const failed = hasErrors(diagnostics);
  return {
    ir: result.ir || undefined, diagnostics,
    object: failed ? undefined : result.object,
    manifest: failed ? undefined : result.manifest,
  };
}
