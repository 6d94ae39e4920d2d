// Argument checks for the library calls (compileScript, lintScript, ...): a caller's mistake is
// a TypeError that names the call and the parameter, never a coerced program or a failure
// deep inside a pass. The script's own faults stay diagnostics.
import { describeValue, kernelInfoProblem } from '@bpftrace-ts/typecheck';

export type OptionKind = 'string' | 'boolean' | 'number' | 'string[]' | 'kernel' | 'function';

function fail(fn: string, what: string, problem: string): never {
  throw new TypeError(`${fn}: ${what} ${problem}`);
}

export function expectString(fn: string, name: string, v: unknown): asserts v is string {
  if (typeof v !== 'string') fail(fn, name, `must be a string, got ${describeValue(v)}`);
}

export function expectArray(fn: string, name: string, v: unknown): asserts v is readonly unknown[] {
  if (!Array.isArray(v)) fail(fn, name, `must be an array, got ${describeValue(v)}`);
}

export function expectKernel(fn: string, name: string, v: unknown): void {
  const problem = kernelInfoProblem(v);
  if (problem) fail(fn, name, problem);
}

export function expectStrings(fn: string, name: string, v: unknown): asserts v is readonly string[] {
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(fn, name, `must be an array of strings, got ${describeValue(v)}`);
}

/** Reports for textReport/jsonDiagnostics/sarifLog: [{ file, source, diagnostics: [...] }]. */
export function expectReports(fn: string, v: unknown): void {
  expectArray(fn, 'reports', v);
  v.forEach((r, i) => {
    const o = r as Record<string, unknown> | null;
    if (o === null || typeof o !== 'object') fail(fn, `reports[${i}]`, `must be an object, got ${describeValue(r)}`);
    if (typeof o.file !== 'string') fail(fn, `reports[${i}].file`, `must be a string, got ${describeValue(o.file)}`);
    if (typeof o.source !== 'string') fail(fn, `reports[${i}].source`, `must be a string, got ${describeValue(o.source)}`);
    if (!Array.isArray(o.diagnostics)) fail(fn, `reports[${i}].diagnostics`, `must be an array, got ${describeValue(o.diagnostics)}`);
  });
}

/** `options` is undefined or an object whose listed keys, when present, have the listed kinds. */
export function expectOptions(fn: string, options: unknown, kinds: Readonly<Record<string, OptionKind>>): void {
  if (options === undefined) return;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) fail(fn, 'options', `must be an object, got ${describeValue(options)}`);
  const o = options as Record<string, unknown>;
  for (const [key, kind] of Object.entries(kinds)) {
    const v = o[key];
    if (v === undefined) continue;
    const name = `options.${key}`;
    if (kind === 'kernel') expectKernel(fn, name, v);
    else if (kind === 'string[]') {
      if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) fail(fn, name, `must be an array of strings, got ${describeValue(v)}`);
    } else if (typeof v !== kind) fail(fn, name, `must be a ${kind}, got ${describeValue(v)}`);
  }
}
