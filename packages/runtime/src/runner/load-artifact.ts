// Reading an artifact file for a run: the file, its manifest (validated against the schema and
// the object), and what the run's arguments must agree with. Each problem is one line.
import { readFileSync } from 'node:fs';
import { readArtifact, type Manifest } from '@bpftrace-ts/artifact';
import { describeFsError } from './fs-errors.js';

export type LoadedArtifact = { ok: true; object: Uint8Array; manifest: Manifest } | { ok: false; message: string };

export function loadArtifactFile(path: string, params: readonly string[], opts: { command?: string }): LoadedArtifact {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    return { ok: false, message: `cannot read '${path}': ${describeFsError(e)}` };
  }
  const read = readArtifact(bytes);
  if (!read.ok) return { ok: false, message: `${path}: ${read.error.message}` };
  const { manifest, object } = read;
  // Positional parameters are baked into the code today (their type and size come from their
  // values): a run must be given the ones the program was compiled with.
  const baked = manifest.params ?? [];
  if (baked.length !== params.length || baked.some((p, i) => p !== params[i])) {
    return {
      ok: false,
      message: `${path} was compiled with positional parameters ${describeParams(baked)}, this run was given ${describeParams(params)}: ` +
        'they are fixed at compile time, give the same ones or compile again with these',
    };
  }
  // The check bpftrace makes when it compiles (`cpid cannot be used without child command`), here at run time.
  if (manifest.cpidMap !== undefined && opts.command === undefined) {
    return { ok: false, message: `${path} uses cpid, which cannot be used without child command (-c)` };
  }
  return { ok: true, object, manifest };
}

const describeParams = (ps: readonly string[]) =>
  (ps.length === 0 ? 'none' : ps.map((p, i) => `$${i + 1}=${JSON.stringify(p)}`).join(' '));
