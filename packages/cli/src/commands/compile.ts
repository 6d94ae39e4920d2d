// `bpftrace-ts compile FILE [ARGS...] -o OUT.o`: a single-file artifact, the BPF ELF object
// (loadable by libbpf, `bpftool prog loadall`) with the manifest the runtime needs in a section
// of its own. `bpftrace-ts run OUT.o` (or the runtime's `bpftrace-ts-run`) runs it.

import { availableParallelism } from 'node:os';
import { writeFileSync } from 'node:fs';
import { embedManifest } from '@bpftrace-ts/artifact';
import { renderDiagnostic, hasErrors } from '@bpftrace-ts/parser';
import { backend, frontend } from '../pipeline.js';
import { readScript } from '../source.js';
import { hostUserSymbolSize, resolveProbeTargets } from '../targets.js';
import { resolveWatchpointTargets } from '../watchpoint-targets.js';
import { strlenFromEnv } from '../env-vars.js';
import { linuxKernelInfo } from '../kernel/index.js';
import { describeFsError } from '../source.js';
import { mapKeysMaxFromEnv, ringbufSizeFromEnv } from '../env-vars.js';
import { locateHelperErrors } from '../helper-sites.js';
import { profileKernel } from './lint.js';
import { freeParamGlobals, recompiler } from './param-shapes.js';
import type { Stdio } from '../run.js';

export interface CompileOptions {
  output: string;
  /** Also write the manifest as JSON here (to read it; the artifact holds it already). */
  manifest?: string;
  kernelProfile?: string;
  unsafe?: boolean;
  /** -k: the program reports failing helper calls (this shapes the code, so it is a compile option). */
  /** -k count (bpftrace's -k, -kk). */
  helperErrors?: number;
}

export async function compileCommand(file: string, params: string[], opts: CompileOptions, io: Stdio): Promise<number> {
  const fail = (m: string) => { io.err(`ERROR: ${m}\n`); return 1; };
  const read = await readScript({ file }, io.stdin);
  if (!read.ok) return fail(read.message);
  const { text, name } = read.source;
  const mapKeys = mapKeysMaxFromEnv(process.env);
  if (mapKeys.error) return fail(mapKeys.error);

  let kernel;
  if (opts.kernelProfile !== undefined) {
    const k = profileKernel(opts.kernelProfile);
    if (!k.ok) return fail(k.message);
    kernel = k.kernel;
  } else {
    kernel = linuxKernelInfo({ mount: false });
  }

  // As when running: BPFTRACE_STRLEN sizes strings, uaddr() reads the target's symbol size.
  const strlen = strlenFromEnv(process.env);
  if (strlen.error) return fail(strlen.error);
  // Check first, resolve uprobe targets, then generate code (so the manifest holds the paths).
  const check = (ps: string[]) => {
    const front = frontend(text, { file: name, params: ps, kernel, unsafe: opts.unsafe ?? false, strlen: strlen.value, userSymbolSize: hostUserSymbolSize });
    const diagnostics = [...front.diagnostics];
    // Function watchpoints need the traced process (-c/-p), which compile has not: an error, as in bpftrace 0.17.
    if (front.checked && !hasErrors(diagnostics)) diagnostics.push(...resolveProbeTargets(front.checked, name), ...resolveWatchpointTargets(front.checked, name, {}));
    return { checked: front.checked, diagnostics };
  };
  // The same sizes as a direct run (BPFTRACE_MAP_KEYS_MAX, BPFTRACE_PERF_RB_PAGES); integer
  // parameters read from globals, so that a run may give others.
  const backOptions = {
    file: name, ringbufSize: ringbufSizeFromEnv(process.env, availableParallelism()),
    mapMaxEntries: mapKeys.value, helperErrors: opts.helperErrors ?? 0, paramGlobals: true,
  };
  const front = check(params);
  const diags = [...front.diagnostics];
  const result = front.checked && !hasErrors(diags) ? backend(front.checked, kernel, backOptions) : { diagnostics: [] };
  diags.push(...result.diagnostics);
  for (const d of diags) io.err(renderDiagnostic(d, text) + '\n');
  if (hasErrors(diags) || !result.object || !result.manifest || !result.ir) return 1;

  const manifest = result.manifest;
  const free = freeParamGlobals(params, result.ir, manifest,
    recompiler(check, (checked) => backend(checked, kernel, { ...backOptions, irOnly: true })));
  if (free?.length) manifest.paramGlobals = free;
  else delete manifest.paramGlobals;
  // -k's messages carry the script's lines: the runner has no script.
  locateHelperErrors(manifest, text, name);
  // What a run must be given: as many parameters, the same values for those not in paramGlobals.
  if (params.length > 0) manifest.params = [...params];
  const artifact = embedManifest(result.object, manifest);
  if (!artifact.ok) return fail(`cannot embed the manifest: ${artifact.error.message}`);
  try {
    writeFileSync(opts.output, artifact.artifact);
    if (opts.manifest !== undefined) writeFileSync(opts.manifest, JSON.stringify(manifest, null, 2) + '\n');
  } catch (e) {
    return fail(`cannot write output: ${describeFsError(e)}`);
  }
  return 0;
}
