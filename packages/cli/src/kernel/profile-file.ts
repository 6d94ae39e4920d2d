// Kernel profiles on disk: JSON, gzipped when the name ends in .gz (the shipped default is).
// Reading accepts either, by content, so a hand-unzipped profile still loads.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import { readProfile, type KernelInfo, type KernelProfile } from '@bpftrace-ts/typecheck';
import { packageRoot } from '../package-root.js';

export function writeProfileFile(path: string, profile: KernelProfile): number {
  const json = JSON.stringify(profile);
  const data = path.endsWith('.gz') ? gzipSync(json, { level: 9 }) : Buffer.from(json);
  writeFileSync(path, data);
  return data.length;
}

/** The profile's JSON object (gzip or plain). Throws with the path on unreadable files. */
export function readProfileJson(path: string): unknown {
  let data = readFileSync(path);
  if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
  try { return JSON.parse(data.toString('utf8')); } catch (e) {
    throw new Error(`${path}: not a JSON kernel profile (${(e as Error).message})`);
  }
}

export function readProfileFile(path: string): KernelInfo {
  const json = readProfileJson(path);
  try { return readProfile(json); } catch (e) { throw new Error(`${path}: ${(e as Error).message}`); }
}

/** The profile shipped with the CLI (packages/cli/profiles/default.json.gz), from src/ or dist/. */
export function defaultProfilePath(): string {
  return join(packageRoot(), 'profiles', 'default.json.gz');
}

/** The shipped profile's KernelInfo, or undefined when the file is missing. */
export function readDefaultProfile(): KernelInfo | undefined {
  const path = defaultProfilePath();
  return existsSync(path) ? readProfileFile(path) : undefined;
}
