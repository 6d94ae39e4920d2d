// Which integer parameters of an artifact a run may change. Codegen reads every integer `$N`
// used as a value from a global (Manifest.paramGlobals), but a value may also shape the
// program: an attach point (`interval:ms:$1`), a size or count (`lhist(x, 0, $1, 1)`,
// `kstack($1)`), an argument that must be a literal. Rather than keep a second list of those
// places, compile again with other values: a parameter is free when nothing but its global's
// initial value changes (and the script still compiles).
import { hasErrors, type Diagnostic } from '@bpftrace-ts/parser';
import type { CheckedProgram } from '@bpftrace-ts/typecheck';
import { paramInt, type Manifest } from '@bpftrace-ts/artifact';

export interface Recompile {
  /** IR and manifest for these parameters, or undefined if the script does not compile with them. */
  (params: string[]): { ir: string; manifest: Manifest } | undefined;
}

/** The IR and manifest with parameter globals' initial values blanked out, for comparing. */
function comparable(ir: string, manifest: Manifest): string {
  const { params: _, ...rest } = manifest;
  return ir.replace(/^(@bpftrace_param_\d+ = dso_local constant i64 )-?\d+/gm, '$1N') + JSON.stringify(rest);
}

/** manifest.paramGlobals without the parameters whose value shapes the program. */
export function freeParamGlobals(params: string[], ir: string, manifest: Manifest, recompile: Recompile): Manifest['paramGlobals'] {
  const base = comparable(ir, manifest);
  return (manifest.paramGlobals ?? []).filter(({ index }) => {
    const v = paramInt(params[index - 1] ?? '');
    if (v === undefined) return false;
    // Two other values: next to it, and far from it (a shaping use might clamp one of them).
    return [v + 1n === 1n << 63n ? v - 1n : v + 1n, v === 0n ? 1n : 0n].every((other) => {
      const again = recompile(params.map((p, i) => (i === index - 1 ? String(other) : p)));
      return again !== undefined && comparable(again.ir, again.manifest) === base;
    });
  });
}

/** A Recompile from the command's own steps. */
export function recompiler(
  front: (params: string[]) => { checked?: CheckedProgram; diagnostics: readonly Diagnostic[] },
  back: (checked: CheckedProgram) => { ir?: string; manifest?: Manifest; diagnostics: readonly Diagnostic[] },
): Recompile {
  return (params) => {
    const f = front(params);
    if (!f.checked || hasErrors(f.diagnostics)) return undefined;
    const b = back(f.checked);
    return b.ir && b.manifest && !hasErrors(b.diagnostics) ? { ir: b.ir, manifest: b.manifest } : undefined;
  };
}
