// `bpftrace-ts compile FILE -o OUT.o [--manifest OUT.json]`: the BPF ELF object
// (loadable by libbpf, `bpftool prog loadall`) and the manifest the runtime needs.

import { writeFileSync } from 'node:fs';
import { renderDiagnostic, hasErrors } from '@bpftrace-ts/parser';
import { backend, frontend } from '../pipeline.js';
import { readScript } from '../source.js';
import { hostUserSymbolSize, resolveProbeTargets } from '../targets.js';
import { strlenFromEnv } from '../env-vars.js';
import { linuxKernelInfo } from '../kernel/index.js';
import { describeFsError } from '../source.js';
import { profileKernel } from './lint.js';
import type { Stdio } from '../run.js';

export interface CompileOptions {
  output: string;
  manifest?: string;
  kernelProfile?: string;
  unsafe?: boolean;
}

/** OUT.o -> OUT.json; anything else gets .json appended. */
export function defaultManifestPath(out: string): string {
  return out.endsWith('.o') ? out.slice(0, -2) + '.json' : out + '.json';
}

export async function compileCommand(file: string, params: string[], opts: CompileOptions, io: Stdio): Promise<number> {
  const fail = (m: string) => { io.err(`ERROR: ${m}\n`); return 1; };
  const read = await readScript({ file }, io.stdin);
  if (!read.ok) return fail(read.message);
  const { text, name } = read.source;

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
  const front = frontend(text, { file: name, params, kernel, unsafe: opts.unsafe ?? false, strlen: strlen.value, userSymbolSize: hostUserSymbolSize });
  const diags = [...front.diagnostics];
  if (front.checked && !hasErrors(diags)) diags.push(...resolveProbeTargets(front.checked, name));
  const result = front.checked && !hasErrors(diags) ? backend(front.checked, kernel, { file: name }) : { diagnostics: [] };
  diags.push(...result.diagnostics);
  for (const d of diags) io.err(renderDiagnostic(d, text) + '\n');
  if (hasErrors(diags) || !result.object || !result.manifest) return 1;

  const manifestPath = opts.manifest ?? defaultManifestPath(opts.output);
  try {
    writeFileSync(opts.output, result.object);
    writeFileSync(manifestPath, JSON.stringify(result.manifest, null, 2) + '\n');
  } catch (e) {
    return fail(`cannot write output: ${describeFsError(e)}`);
  }
  return 0;
}
