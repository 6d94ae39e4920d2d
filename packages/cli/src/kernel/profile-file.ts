// Kernel profiles on disk, in one of three forms chosen by the name when writing and by the
// content when reading (so a hand-unzipped profile still loads):
// - NAME.json: plain JSON, BTF inside as base64 (readable, large);
// - NAME.gz (e.g. .json.gz): the same JSON, gzipped;
// - anything else (the shipped default.kprofile): the binary container of
//   @bpftrace-ts/typecheck (profile-container.ts): gzipped JSON without BTF + gzipped raw BTF.
//   Start-up inflates and parses only the ~200 KB JSON; the BTF is inflated on first type lookup.
// Reading is bounded (MAX_PROFILE_FILE_BYTES read, MAX_PROFILE_INFLATED_BYTES inflated per
// section) and the JSON is validated (readProfile): a bad file is one ProfileFileError naming it.

import { closeSync, existsSync, openSync, readSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync, gzipSync } from 'node:zlib';
import {
  decodeBase64, encodeBase64, isProfileContainer, KernelDataError, packProfileContainer, readProfile, unpackProfileContainer,
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

/**
 * Limits that keep a wrong --kernel-profile (a device, a huge or hostile file) from exhausting
 * memory: reading stops after MAX_PROFILE_FILE_BYTES, inflating after MAX_PROFILE_INFLATED_BYTES.
 * A real profile is far below both (the shipped one: under 2 MiB, 6 MiB of BTF inflated).
 */
export const MAX_PROFILE_FILE_BYTES = 64 * 1024 * 1024;
export const MAX_PROFILE_INFLATED_BYTES = 128 * 1024 * 1024;
const MiB = (n: number) => `${n / 1024 / 1024} MiB`;

/** A profile that cannot be used: `problem` says why, in a few words; the message adds the path. */
export class ProfileFileError extends KernelDataError {
  constructor(readonly path: string, readonly problem: string) {
    super(`kernel profile '${path}': ${problem}`);
  }
}

/** The file's bytes, reading at most one byte past the limit (so /dev/zero ends at once). */
function readBounded(path: string): Uint8Array {
  const fd = openSync(path, 'r');
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(1024 * 1024, MAX_PROFILE_FILE_BYTES + 1 - total));
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      chunks.push(chunk.subarray(0, n));
      total += n;
      if (total > MAX_PROFILE_FILE_BYTES) throw new ProfileFileError(path, `larger than ${MiB(MAX_PROFILE_FILE_BYTES)}, the limit for a kernel profile`);
    }
    return Buffer.concat(chunks, total);
  } finally {
    closeSync(fd);
  }
}

function inflate(path: string, what: string, bytes: Uint8Array): Buffer {
  try {
    return gunzipSync(bytes, { maxOutputLength: MAX_PROFILE_INFLATED_BYTES });
  } catch (e) {
    const code = (e as { code?: string }).code;
    if (code === 'ERR_BUFFER_TOO_LARGE') throw new ProfileFileError(path, `${what} inflates to more than ${MiB(MAX_PROFILE_INFLATED_BYTES)}`);
    throw new ProfileFileError(path, `${what} is not valid gzip data (${(e as Error).message})`);
  }
}

function parseJson(path: string, bytes: Uint8Array, what: string): unknown {
  const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
  // Sniff first, so that a binary file gets a plain answer rather than JSON.parse's excerpt of it.
  if (!/^\s*[[{]/.test(text.slice(0, 4096))) throw new ProfileFileError(path, `not a kernel profile (${what} is neither a profile container, gzip nor JSON)`);
  try { return JSON.parse(text); } catch (e) {
    const why = (e as Error).message.replace(/[^\x20-\x7e]/g, '?').slice(0, 120);
    throw new ProfileFileError(path, `${what} is not valid JSON (${why})`);
  }
}

/** The profile's JSON object and, for a container, a lazy loader of its raw BTF. */
function readProfileContent(path: string): ProfileContent {
  let data: Uint8Array = readBounded(path);
  if (data.length === 0) throw new ProfileFileError(path, 'empty file, not a kernel profile');
  if (isProfileContainer(data)) {
    let sections;
    try { sections = unpackProfileContainer(data); } catch (e) { throw new ProfileFileError(path, (e as Error).message); }
    const btf = sections.btf;
    const json = parseJson(path, inflate(path, 'the JSON section', sections.json), 'the JSON section');
    return btf ? { json, btf: () => new Uint8Array(inflate(path, 'the BTF section', btf)) } : { json };
  }
  const gzipped = data[0] === 0x1f && data[1] === 0x8b;
  if (gzipped) data = inflate(path, 'the file', data);
  return { json: parseJson(path, data, gzipped ? 'its gzipped content' : 'the file') };
}

/** The profile's JSON object (for a container: without the BTF). Throws ProfileFileError or an fs error. */
export function readProfileJson(path: string): unknown {
  return readProfileContent(path).json;
}

/** A KernelInfo from a profile file. Throws ProfileFileError (bad content) or an fs error (unreadable). */
export function readProfileFile(path: string): KernelInfo {
  const { json, btf } = readProfileContent(path);
  try { return readProfile(json, btf); } catch (e) { throw new ProfileFileError(path, (e as Error).message); }
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
