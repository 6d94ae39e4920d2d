// The binary profile container: the profile's JSON (without BTF) and the raw BTF blob as two
// separately compressed sections, so a reader inflates and parses ~200 KB of JSON at start-up
// and inflates the 5-6 MB BTF only when a script asks for a type (most tracepoint scripts never do).
// Pure: the sections are gzip streams, but (de)compression is the caller's (node:zlib in the
// CLI, DecompressionStream in a browser).
//
// Layout (little-endian):
//   0   magic "BTSKPROF" (8 bytes)
//   8   u32 container version (1)
//   12  u32 byte length J of the JSON section
//   16  u32 byte length B of the BTF section (0: no BTF)
//   20  JSON section (gzip of UTF-8 JSON text), then BTF section (gzip of the raw BTF)

const MAGIC = 'BTSKPROF';
const HEADER = 20;
export const PROFILE_CONTAINER_VERSION = 1;

export interface ProfileSections {
  /** The gzipped JSON of a KernelProfile without its `btf` field. */
  json: Uint8Array;
  /** The gzipped raw BTF blob, if the profile has one. */
  btf?: Uint8Array;
}

/** True when `bytes` start like a profile container (cheap: the magic only). */
export function isProfileContainer(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC.length) return false;
  for (let i = 0; i < MAGIC.length; i++) if (bytes[i] !== MAGIC.charCodeAt(i)) return false;
  return true;
}

export function packProfileContainer(sections: ProfileSections): Uint8Array {
  const btfLength = sections.btf?.length ?? 0;
  const out = new Uint8Array(HEADER + sections.json.length + btfLength);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  const view = new DataView(out.buffer);
  view.setUint32(8, PROFILE_CONTAINER_VERSION, true);
  view.setUint32(12, sections.json.length, true);
  view.setUint32(16, btfLength, true);
  out.set(sections.json, HEADER);
  if (sections.btf) out.set(sections.btf, HEADER + sections.json.length);
  return out;
}

/** The still-compressed sections, as views into `bytes` (no copy). Throws on a malformed container. */
export function unpackProfileContainer(bytes: Uint8Array): ProfileSections {
  if (!isProfileContainer(bytes) || bytes.length < HEADER) throw new Error('not a bpftrace-ts kernel profile container');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const version = view.getUint32(8, true);
  if (version !== PROFILE_CONTAINER_VERSION) throw new Error(`unsupported kernel profile container version ${version}`);
  const jsonLength = view.getUint32(12, true), btfLength = view.getUint32(16, true);
  if (HEADER + jsonLength + btfLength !== bytes.length) throw new Error('truncated or corrupt kernel profile container');
  const json = bytes.subarray(HEADER, HEADER + jsonLength);
  return btfLength ? { json, btf: bytes.subarray(HEADER + jsonLength) } : { json };
}
