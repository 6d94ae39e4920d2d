// Reading an artifact file for a run: the file, its manifest (validated against the schema and
// the object), and what the run's arguments must agree with. Each problem is one line.
import { readFileSync } from 'node:fs';
import { applyParams, readArtifact, type Manifest } from '@bpftrace-ts/artifact';
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
  const { manifest } = read;
  // Integer parameters read from globals take this run's values; the others were compiled in.
  const withParams = applyParams(read.object, manifest, params);
  if (!withParams.ok) return { ok: false, message: `${path}: ${withParams.error.message}` };
  const object = withParams.object;
  // The check bpftrace makes when it compiles (`cpid cannot be used without child command`), here at run time.
  if (manifest.cpidMap !== undefined && opts.command === undefined) {
    return { ok: false, message: `${path} uses cpid, which cannot be used without child command (-c)` };
  }
  return { ok: true, object, manifest };
}

