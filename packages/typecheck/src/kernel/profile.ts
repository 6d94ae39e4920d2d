// Kernel profiles: everything the frontend needs of one kernel as plain JSON, so lint and
// type checking work off-box (another machine, a browser). Compression is the caller's job
// (node:zlib in the CLI, DecompressionStream in a browser): this module stays pure.
//
// Size: the BTF blob is stored whole (types keep their ids, and any struct a script names is
// there): as base64 inside the JSON, or next to it as raw bytes (writeProfileParts; the
// binary container in profile-container.ts), which spares readers a 7 MB JSON.parse. Tracepoint formats are stored as parsed fields, deduplicated twice:
// a table of distinct fields, and a table of distinct field lists ("shapes"), since most
// events share the common_* header and many syscalls share a whole layout.

import type { KernelFeatures, KernelInfo, TracepointField, TracepointFormat } from './kernel-info.js';
import { parseBtf, type Btf } from './btf/btf.js';
import { createKernelInfo, type KernelInfoSources } from './create-kernel-info.js';
import { decodeBase64, encodeBase64 } from './base64.js';
import { parseFieldDecl } from './tracepoint-format.js';
import type { TypedefResolver } from './c-type-text.js';
import { profileProblem } from './profile-schema.js';
import { KernelDataError } from './kernel-info-shape.js';

export const PROFILE_FORMAT = 'bpftrace-ts-kernel-profile';
export const PROFILE_VERSION = 1;

/** [name, typeText, offset, size, signed (0|1)] */
export type ProfileField = [string, string, number, number, 0 | 1];
/** [event, shape index (-1: no format), ID (-1: none)] */
export type ProfileEvent = [string, number, number];

export interface KernelProfile {
  format: typeof PROFILE_FORMAT;
  version: number;
  kernelRelease?: string;
  features: KernelFeatures;
  tracepoints: {
    fields: ProfileField[];
    /** Each shape is a list of indices into `fields`. */
    shapes: number[][];
    /** Events by category, in the order tracepoints() listed them. */
    events: Record<string, ProfileEvent[]>;
  };
  /** Stored only when asked for; otherwise readers use the BTF's function names. */
  kernelFunctions?: string[];
  /** The raw BTF blob, base64 (absent when the BTF travels next to the JSON, see readProfile). */
  btf?: string;
}

/** A profile whose BTF is kept apart from its JSON, as raw bytes. */
export interface KernelProfileParts {
  profile: KernelProfile;
  btf?: Uint8Array;
}

/** BTF bytes for readProfile, or a loader called at most once, when a type is first asked for. */
export type ProfileBtf = Uint8Array | (() => Uint8Array | undefined);

export interface WriteProfileOptions {
  /** Store the kernel function list (large; default false). */
  kernelFunctions?: boolean;
}

/** Reads every tracepoint format through `sources` and packs them, with the BTF (base64), into a profile. */
export function writeProfile(sources: KernelInfoSources, options: WriteProfileOptions = {}): KernelProfile {
  const { profile, btf } = writeProfileParts(sources, options);
  if (btf) profile.btf = encodeBase64(btf);
  return profile;
}

/** writeProfile with the BTF left out of the JSON, as raw bytes. */
export function writeProfileParts(sources: KernelInfoSources, options: WriteProfileOptions = {}): KernelProfileParts {
  const info = createKernelInfo(sources);
  const fieldIndex = new Map<string, number>();
  const shapeIndex = new Map<string, number>();
  const fields: ProfileField[] = [];
  const shapes: number[][] = [];
  const events: Record<string, ProfileEvent[]> = {};

  for (const tp of info.tracepoints()) {
    const colon = tp.indexOf(':');
    const category = tp.slice(0, colon), event = tp.slice(colon + 1);
    const fmt = info.tracepointFormat(category, event);
    let shape = -1;
    if (fmt) {
      const ids = fmt.fields.map((f) => {
        const tuple: ProfileField = [f.name, f.typeText, f.offset, f.size, f.signed ? 1 : 0];
        const key = JSON.stringify(tuple);
        let i = fieldIndex.get(key);
        if (i === undefined) { i = fields.push(tuple) - 1; fieldIndex.set(key, i); }
        return i;
      });
      const key = ids.join(',');
      let s = shapeIndex.get(key);
      if (s === undefined) { s = shapes.push(ids) - 1; shapeIndex.set(key, s); }
      shape = s;
    }
    (events[category] ??= []).push([event, shape, fmt?.id ?? -1]);
  }

  const profile: KernelProfile = {
    format: PROFILE_FORMAT, version: PROFILE_VERSION, features: { ...sources.features },
    tracepoints: { fields, shapes, events },
  };
  if (sources.kernelRelease !== undefined) profile.kernelRelease = sources.kernelRelease;
  if (options.kernelFunctions) profile.kernelFunctions = [...info.kernelFunctions!()];
  const btf = typeof sources.btf === 'function' ? sources.btf() : sources.btf;
  return btf ? { profile, btf: btf.bytes } : { profile };
}

/**
 * A KernelInfo from a profile (the parsed JSON object, or its text). `btfSource`, when given, is the
 * raw BTF (bytes or a loader) and wins over a base64 `btf` field. Either way the BTF is decoded
 * and parsed only when a type is first asked for. Throws on a malformed profile, saying what is wrong.
 */
export function readProfile(json: unknown, btfSource?: ProfileBtf): KernelInfo {
  const p = (typeof json === 'string' ? JSON.parse(json) : json) as KernelProfile;
  const problem = profileProblem(p);
  if (problem) throw new Error(problem);

  let btf: Btf | undefined;
  const btfBytes = (): Uint8Array | undefined =>
    btfSource === undefined ? (p.btf ? decodeBase64(p.btf) : undefined) : typeof btfSource === 'function' ? btfSource() : btfSource;
  let btfLoaded = false;
  const loadBtf = () => {
    if (!btfLoaded) {
      btfLoaded = true;
      try { const bytes = btfBytes(); btf = bytes && parseBtf(bytes); } catch (e) {
        throw e instanceof KernelDataError ? e : new KernelDataError(`kernel profile: its BTF is unreadable (${(e as Error).message})`);
      }
    }
    return btf;
  };
  const typedef: TypedefResolver = (name) => loadBtf()?.typedef(name);
  // Indexes built on first need: most scripts name a few events of one or two categories.
  const events = p.tracepoints.events;
  const byCategory = new Map<string, Map<string, ProfileEvent>>();
  const findEvent = (category: string, event: string): ProfileEvent | undefined => {
    let m = byCategory.get(category);
    if (!m) {
      m = new Map((Object.hasOwn(events, category) ? events[category]! : []).map((ev) => [ev[0], ev]));
      byCategory.set(category, m);
    }
    return m.get(event);
  };

  const sources: KernelInfoSources = {
    features: p.features,
    tracepoints: () => Object.entries(events).flatMap(([category, evs]) => evs.map((ev) => `${category}:${ev[0]}`)),
    readFormat: () => undefined, // overridden below: profiles hold fields, not text
    btf: loadBtf,
  };
  if (p.kernelRelease !== undefined) sources.kernelRelease = p.kernelRelease;
  if (p.kernelFunctions) { const fns = p.kernelFunctions; sources.kernelFunctions = () => fns; }
  const info = createKernelInfo(sources);

  const formats = new Map<string, TracepointFormat | undefined>();
  info.tracepointFormat = (category, event) => {
    const key = `${category}:${event}`;
    if (formats.has(key)) return formats.get(key);
    const ev = findEvent(category, event);
    const shape = ev && ev[1] >= 0 ? p.tracepoints.shapes[ev[1]] : undefined;
    let fmt: TracepointFormat | undefined;
    if (ev && shape) {
      const fields = shape.map((i) => fieldFromTuple(p.tracepoints.fields[i]!, typedef)).filter((f) => f !== undefined);
      fmt = { category, event, fields };
      if (ev[2] >= 0) fmt.id = ev[2];
    }
    formats.set(key, fmt);
    return fmt;
  };
  return info;
}

/** Rebuilds the declaration text and re-parses it, so CTypes match a live kernel's exactly. */
function fieldFromTuple(t: ProfileField, typedef: TypedefResolver): TracepointField | undefined {
  const [name, typeText, offset, size, signed] = t;
  const dims = /^(?!__data_loc|__rel_loc)(.*?)((?:\[\w*\])+)$/.exec(typeText);
  const decl = dims ? `${dims[1]} ${name}${dims[2]}` : `${typeText} ${name}`;
  return parseFieldDecl(decl, offset, size, signed === 1, typedef);
}
