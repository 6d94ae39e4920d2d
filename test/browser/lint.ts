// The lint pipeline the browser test exercises: parse + check, diagnostics out as plain JSON.
// Shared verbatim by the browser entry (bundled) and the node side of the test, so both
// run the very same code and their outputs can be compared with toEqual.
import { parse, renderDiagnostics, type Diagnostic } from '@bpftrace-ts/parser';
import { check, readProfile, type KernelInfo } from '@bpftrace-ts/typecheck';

/** A kernel that knows nothing (no tracepoints, no BTF): enough for BEGIN/END/interval scripts. */
export function emptyKernel(): KernelInfo {
  return {
    tracepoints: () => [],
    tracepointFormat: () => undefined,
    record: () => undefined,
    features: { kprobes: true, fentry: true, uprobes: true, ringbuf: true, attachCookie: true },
  };
}

/** A kernel profile as loaded: its JSON object and, when kept apart (the binary container), the raw BTF. */
export interface LoadedProfile { json: unknown; btf?: Uint8Array }

// readProfile decodes the BTF lazily but still costs something per call; reuse it per profile object.
const kernels = new WeakMap<object, KernelInfo>();

function kernelFor(profile: LoadedProfile | undefined): KernelInfo {
  if (profile === undefined || profile === null) return emptyKernel();
  let k = kernels.get(profile);
  if (!k) { k = readProfile(profile.json, profile.btf); kernels.set(profile, k); }
  return k;
}

/** Diagnostics of parse + check, as plain JSON (undefined fields dropped), in that order. */
export function lintScript(source: string, profile?: LoadedProfile): Diagnostic[] {
  const parsed = parse(source, { file: 'stdin' });
  const diags = [...parsed.diagnostics];
  if (parsed.ast) diags.push(...check(parsed.ast, kernelFor(profile), { params: [], file: 'stdin' }).diagnostics);
  // JSON round trip: what crosses the page boundary must be plain data on both sides.
  return JSON.parse(JSON.stringify(diags)) as Diagnostic[];
}

/** bpftrace's text rendering of lintScript's diagnostics. */
export function renderLint(source: string, profile?: LoadedProfile): string {
  return renderDiagnostics(lintScript(source, profile), source);
}
