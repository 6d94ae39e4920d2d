// Kernel profiles on disk, in one of three forms chosen by the name when writing and by the
// content when reading (so a hand-unzipped profile still loads):
// - NAME.json: plain JSON, BTF inside as base64 (readable, large);
// - NAME.gz (e.g. .json.gz): the same JSON, gzipped;
// - anything else (the shipped default.kprofile): the binary container of
//   @bpftrace-ts/typecheck (profile-container.ts): gzipped JSON without BTF + gzipped raw BTF.
//   Start-up inflates and parses only the ~200 KB JSON; the BTF is inflated on first type lookup.

import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  decodeBase64, encodeBase64, isProfileContainer, packProfileContainer, readProfile, unpackProfileContainer,
  type KernelInfo, type KernelProfile, type ProfileBtf,
} from '@bpftrace-ts/typecheck';
import { packageRoot } from '../package-root.js';

/** True when `path` is written as JSON (plain or gzipped) rather than as the binary container. */
function jsonByName(path: string): boolean {
  return path.endsWith('.json') || path.endsWith('.gz');
}

/**
 * Writes `profile` to `path` (form chosen by the name, see above); `btf` is the raw BTF when
 * it is not inside `profile` already. Returns the bytes written.
 */
export function writeProfileFile(path: string, profile: KernelProfile, btf?: Uint8Array): number {
  let data: Uint8Array;
  if (jsonByName(path)) {
    const json = JSON.stringify(btf && !profile.btf ? { ...profile, btf: encodeBase64(btf) } : profile);
    data = path.endsWith('.gz') ? gzipSync(json, { level: 9 }) : Buffer.from(json);
  } else {
    const { btf: base64, ...rest } = profile;
    const raw = btf ?? (base64 !== undefined ? decodeBase64(base64) : undefined);
    data = packProfileContainer({
      json: gzipSync(JSON.stringify(rest), { level: 9 }),
      ...(raw ? { btf: gzipSync(raw, { level: 9 }) } : {}),
    });
  }
  writeFileSync(path, data);
  return data.length;
}

interface ProfileContent { json: unknown; btf?: ProfileBtf }

function parseJson(path: string, bytes: Uint8Array): unknown {
  try { return JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8')); } catch (e) {
    throw new Error(`${path}: not a JSON kernel profile (${(e as Error).message})`);
  }
}

/** The profile's JSON object and, for a container, a lazy loader of its raw BTF. */
function readProfileContent(path: string): ProfileContent {
  let data: Uint8Array = readFileSync(path);
  if (isProfileContainer(data)) {
    let sections;
    try { sections = unpackProfileContainer(data); } catch (e) { throw new Error(`${path}: ${(e as Error).message}`); }
    const btf = sections.btf;
    const json = parseJson(path, gunzipSync(sections.json));
    return btf ? { json, btf: () => new Uint8Array(gunzipSync(btf)) } : { json };
  }
  if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
  return { json: parseJson(path, data) };
}

/** The profile's JSON object (for a container: without the BTF). Throws with the path on unreadable files. */
export function readProfileJson(path: string): unknown {
  return readProfileContent(path).json;
}

export function readProfileFile(path: string): KernelInfo {
  const { json, btf } = readProfileContent(path);
  try { return readProfile(json, btf); } catch (e) { throw new Error(`${path}: ${(e as Error).message}`); }
}

/** The profile shipped with the CLI (packages/cli/profiles/default.kprofile), from src/ or dist/. */
export function defaultProfilePath(): string {
  return join(packageRoot(), 'profiles', 'default.kprofile');
}

/** The shipped profile's KernelInfo, or undefined when the file is missing. */
export function readDefaultProfile(): KernelInfo | undefined {
  const path = defaultProfilePath();
  return existsSync(path) ? readProfileFile(path) : undefined;
}
