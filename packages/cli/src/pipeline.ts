// The compiler as a library: source -> parse -> check -> codegen, stopping at the
// first stage with errors. Every stage's diagnostics are collected; nothing throws.

import { parse, hasErrors, type Diagnostic, type Program } from '@bpftrace-ts/parser';
import { check, type CheckedProgram, type KernelInfo } from '@bpftrace-ts/typecheck';
import { compile as codegen, emitIr, type Manifest } from '@bpftrace-ts/codegen';
import { linuxKernelInfo } from './kernel/index.js';
import { resolveCgroupId } from '@bpftrace-ts/runtime';

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

export interface LintScriptOptions {
  file?: string;
  kernel: KernelInfo;
  params?: string[];
  unsafe?: boolean;
}

/** Parse and type-check: what `lint` reports. */
export function lintScript(source: string, options: LintScriptOptions): Diagnostic[] {
  return frontend(source, options).diagnostics;
}

/** Compile a script to a BPF object, its manifest and IR, with every diagnostic on the way. */
export function compileScript(source: string, options: CompileScriptOptions = {}): CompileScriptResult {
  const kernel = options.kernel ?? linuxKernelInfo();
  const front = frontend(source, { ...options, kernel });
  if (!front.checked) return front;
  const back = backend(front.checked, kernel, options);
  const diagnostics = [...front.diagnostics, ...back.diagnostics];
  return { ...back, ast: front.ast, checked: front.checked, diagnostics };
}

/** Codegen: IR and manifest, then (unless irOnly) the object through llc. */
export function backend(checked: CheckedProgram, kernel: KernelInfo, options: { file?: string; irOnly?: boolean } = {}): CompileScriptResult {
  const result = guard(() => {
    // cgroupid("path") is resolved here, on this host: codegen reads no files.
    const cgOptions = { kernel, cgroupId: resolveCgroupId };
    const cg = options.irOnly ? emitIr(checked, cgOptions) : codegen(checked, cgOptions);
    return cg as { object?: Uint8Array; manifest?: Manifest; ir?: string; diagnostics: Diagnostic[] };
  }, 'codegen/internal', 'code generator');
  const diagnostics = withFile(result.diagnostics, options.file);
  const failed = hasErrors(diagnostics);
  return {
    ir: result.ir || undefined, diagnostics,
    object: failed ? undefined : result.object,
    manifest: failed ? undefined : result.manifest,
  };
}

/** Parse and check; `checked` only when there were no errors. */
export function frontend(source: string, options: LintScriptOptions): CompileScriptResult {
  const file = options.file ?? 'stdin';
  const parsed = guard(() => parse(source, { file }), 'parse/internal', 'parser');
  const diagnostics = withFile(parsed.diagnostics, file);
  if (!parsed.ast || hasErrors(diagnostics)) return { ast: parsed.ast, diagnostics };
  const checked = guard(
    () => check(parsed.ast!, options.kernel, { params: options.params ?? [], unsafe: options.unsafe ?? false, file }),
    'type/internal', 'type checker');
  diagnostics.push(...withFile(checked.diagnostics, file));
  if (!checked.program || hasErrors(diagnostics)) return { ast: parsed.ast, diagnostics };
  return { ast: parsed.ast, checked: checked.program, diagnostics };
}

function withFile(diags: readonly Diagnostic[], file: string | undefined): Diagnostic[] {
  return diags.map((d) => (d.file !== undefined || file === undefined ? d : { ...d, file }));
}

/** The packages promise not to throw; if one does anyway, that is a diagnostic too. */
function guard<T extends { diagnostics: Diagnostic[] }>(f: () => T, code: string, what: string): T | { diagnostics: Diagnostic[]; ast?: undefined; program?: undefined; ir?: undefined; object?: undefined; manifest?: undefined } {
  try {
    return f();
  } catch (e) {
    return { diagnostics: [{ severity: 'error', code, message: `internal error in the ${what}: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}
