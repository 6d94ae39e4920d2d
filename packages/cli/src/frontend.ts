// The frontend of the pipeline (parse + check), apart from pipeline.ts so that `lint` loads
// neither codegen nor the runtime (koffi, libbpf): that is a good part of lint's start-up.

import { parse, hasErrors, type Diagnostic } from '@bpftrace-ts/parser';
import { check, type KernelInfo } from '@bpftrace-ts/typecheck';
import type { CompileScriptResult } from './pipeline.js';
import { expectOptions, expectString, type OptionKind } from './api-arguments.js';
import { linuxKernelInfo, readDefaultProfile } from './kernel/index.js';
import { headerOptions } from './headers.js';

export interface LintScriptOptions {
  file?: string;
  /** What is known of the target kernel; default: the shipped profile, else this machine's. */
  kernel?: KernelInfo;
  params?: string[];
  unsafe?: boolean;
  /** Whether the program runs with a -c command; unknown (undefined) for lint. */
  hasChild?: boolean;
  /** Size of a data symbol in a uprobe target (uaddr()'s type); lint has none. */
  userSymbolSize?: (target: string, name: string) => number | undefined;
  /** BPFTRACE_STRLEN: the size of str() results (default 64). */
  strlen?: number;
  /** -I: directories searched for `#include`d headers (before the system's). */
  includeDirs?: string[];
  /** --include: headers included before the script. */
  includes?: string[];
}

export const LINT_OPTION_KINDS: Readonly<Record<string, OptionKind>> = {
  file: 'string', kernel: 'kernel', params: 'string[]', unsafe: 'boolean', hasChild: 'boolean', userSymbolSize: 'function', strlen: 'number',
  includeDirs: 'string[]', includes: 'string[]',
};

/** Parse and type-check: what `lint` reports. */
export function lintScript(source: string, options: LintScriptOptions = {}): Diagnostic[] {
  expectString('lintScript', 'source', source);
  expectOptions('lintScript', options, LINT_OPTION_KINDS);
  return frontend(source, options).diagnostics;
}

let defaultKernel: KernelInfo | undefined;

/** The kernel lint checks against when none is given: the shipped profile, else this machine (read once). */
export function defaultLintKernel(): KernelInfo {
  return (defaultKernel ??= readDefaultProfile() ?? linuxKernelInfo({ mount: false }));
}

/** Parse and check; `checked` only when there were no errors. */
export function frontend(source: string, options: LintScriptOptions = {}): CompileScriptResult {
  expectString('frontend', 'source', source);
  expectOptions('frontend', options, LINT_OPTION_KINDS);
  const kernel = options.kernel ?? defaultLintKernel();
  const file = options.file ?? 'stdin';
  const parsed = guard(() => parse(source, { file }), 'parse/internal', 'parser');
  const diagnostics = withFile(parsed.diagnostics, file);
  if (!parsed.ast || hasErrors(diagnostics)) return { ast: parsed.ast, diagnostics };
  const checked = guard(
    () => check(parsed.ast!, kernel, {
      params: options.params ?? [], unsafe: options.unsafe ?? false, file, hasChild: options.hasChild,
      userSymbolSize: options.userSymbolSize, strlen: options.strlen,
      headers: headerOptions(options.includeDirs ?? [], options.includes ?? [], kernel.kernelRelease),
    }),
    'type/internal', 'type checker');
  diagnostics.push(...withFile(checked.diagnostics, file));
  if (!checked.program || hasErrors(diagnostics)) return { ast: parsed.ast, diagnostics };
  return { ast: parsed.ast, checked: checked.program, diagnostics };
}

export function withFile(diags: readonly Diagnostic[], file: string | undefined): Diagnostic[] {
  return diags.map((d) => (d.file !== undefined || file === undefined ? d : { ...d, file }));
}

/** The packages promise not to throw; if one does anyway, that is a diagnostic too. */
export function guard<T extends { diagnostics: Diagnostic[] }>(f: () => T, code: string, what: string): T | { diagnostics: Diagnostic[]; ast?: undefined; program?: undefined; ir?: undefined; object?: undefined; manifest?: undefined } {
  try {
    return f();
  } catch (e) {
    return { diagnostics: [{ severity: 'error', code, message: `internal error in the ${what}: ${e instanceof Error ? e.message : String(e)}` }] };
  }
}
