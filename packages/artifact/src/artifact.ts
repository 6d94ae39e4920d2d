// The single-file artifact: a BPF ELF object with the manifest (UTF-8 JSON) in a section of its
// own. The section is not loaded (no SHF_ALLOC), so libbpf and `bpftool prog loadall` load the
// artifact like the plain object. Embedding is the compiler's side, reading the runtime's.
import { artifactError, type ArtifactError } from './errors.js';
import { appendSection, elfSymbols, readElf, sectionData, type Elf } from './elf.js';
import type { Manifest } from './manifest.js';
import { manifestCheck } from './schema.js';
import { versionProblem } from './version.js';

/** The manifest's section name. */
export const MANIFEST_SECTION = '.bpftrace_ts.manifest';
/**
 * A string table holding one string, the JSON (a first and a last NUL, as string tables have;
 * JSON text has no NUL of its own). libbpf ignores string tables without a word, while for a
 * plain data section or a note it logs "skipping ... section", which bpftool prints and which
 * would end up in our load error messages. `readelf -p .bpftrace_ts.manifest` shows the JSON.
 */
const SECTION_TYPE = 3; // SHT_STRTAB

export type ManifestResult = { ok: true; manifest: Manifest } | { ok: false; error: ArtifactError };
export type EmbedResult = { ok: true; artifact: Uint8Array } | { ok: false; error: ArtifactError };
export type ArtifactResult =
  | { ok: true; manifest: Manifest; /** The BPF object to load: the artifact's bytes themselves. */ object: Uint8Array }
  | { ok: false; error: ArtifactError };

/** Check a parsed manifest: the format and version first, then every field. */
export function validateManifest(value: unknown): ManifestResult {
  const fields = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  if (!fields) return { ok: false, error: artifactError('invalid-manifest', 'the manifest is not a JSON object') };
  const version = versionProblem(fields.format, fields.version);
  if (version) return { ok: false, error: artifactError('unsupported-version', version) };
  const problem = manifestCheck(value, 'manifest');
  if (problem) return { ok: false, error: artifactError('invalid-manifest', problem) };
  return { ok: true, manifest: value as Manifest };
}

/** The object with the manifest embedded; the object must be a BPF ELF without one. */
export function embedManifest(object: Uint8Array, manifest: Manifest): EmbedResult {
  const checked = validateManifest(manifest);
  if (!checked.ok) return checked;
  const read = readElf(object);
  if (!read.ok) return read;
  if (read.elf.sections.some((s) => s.name === MANIFEST_SECTION)) {
    return { ok: false, error: artifactError('already-embedded', `the object already has a ${MANIFEST_SECTION} section`) };
  }
  const mismatch = objectMismatch(read.elf, manifest);
  if (mismatch) return { ok: false, error: artifactError('object-mismatch', mismatch) };
  const json = new TextEncoder().encode(`\0${JSON.stringify(manifest)}\0`);
  return { ok: true, artifact: appendSection(read.elf, MANIFEST_SECTION, SECTION_TYPE, json, 1) };
}

/** Read an artifact's manifest and check it, against the schema and against the object. */
export function readArtifact(bytes: Uint8Array): ArtifactResult {
  const fail = (kind: ArtifactError['kind'], message: string): ArtifactResult => ({ ok: false, error: artifactError(kind, message) });
  const read = readElf(bytes);
  if (!read.ok) return read;
  const section = read.elf.sections.find((s) => s.name === MANIFEST_SECTION);
  if (!section) return fail('no-manifest', `a BPF object without a ${MANIFEST_SECTION} section: not a bpftrace-ts artifact (make one with \`bpftrace-ts compile\`)`);
  const data = sectionData(read.elf, section);
  if (section.type !== SECTION_TYPE || data.length < 2 || data[0] !== 0 || data[data.length - 1] !== 0) {
    return fail('bad-json', `the ${MANIFEST_SECTION} section is not a string table holding the manifest (type ${section.type}, ${data.length} bytes)`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data.subarray(1, data.length - 1));
  } catch {
    return fail('bad-json', `the ${MANIFEST_SECTION} section is not UTF-8 text`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return fail('bad-json', `the ${MANIFEST_SECTION} section is not valid JSON (${e instanceof Error ? e.message.split('\n')[0] : String(e)})`);
  }
  const checked = validateManifest(value);
  if (!checked.ok) return checked;
  const mismatch = objectMismatch(read.elf, checked.manifest);
  if (mismatch) return fail('object-mismatch', mismatch);
  return { ok: true, manifest: checked.manifest, object: bytes };
}

/** A map or program that the manifest names and the object lacks (a tampered or mixed-up file). */
function objectMismatch(elf: Elf, m: Manifest): string | undefined {
  const symbols = elfSymbols(elf);
  const mapsSection = elf.sections.find((s) => s.name === '.maps')?.index;
  const maps = new Set(symbols.filter((s) => s.section === mapsSection).map((s) => s.name));
  const functions = new Map(symbols.filter((s) => s.type === 2 /* STT_FUNC */).map((s) => [s.name, elf.sections[s.section]?.name]));
  const wanted: [string, string][] = [
    ...m.maps.map((s, i): [string, string] => [`manifest.maps[${i}].bpfName`, s.bpfName]),
    ['manifest.ringbuf', m.ringbuf],
    ...(m.stackMaps ?? []).map((s, i): [string, string] => [`manifest.stackMaps[${i}].bpfName`, s.bpfName]),
    ...(m.cpidMap !== undefined ? [['manifest.cpidMap', m.cpidMap] as [string, string]] : []),
    ...(m.lostEventsMap !== undefined ? [['manifest.lostEventsMap', m.lostEventsMap] as [string, string]] : []),
  ];
  for (const [path, name] of wanted) {
    if (!maps.has(name)) return `${path}: map ${JSON.stringify(name)} is not in the object's .maps section`;
  }
  for (const [i, p] of m.programs.entries()) {
    const section = functions.get(p.name);
    if (section === undefined) return `manifest.programs[${i}].name: program ${JSON.stringify(p.name)} is not in the object`;
    if (section !== p.section) return `manifest.programs[${i}].section: ${JSON.stringify(p.section)}, but the object has ${p.name} in ${JSON.stringify(section)}`;
  }
  for (const [i, w] of (m.watchpoints ?? []).entries()) {
    if (!functions.has(w.program)) return `manifest.watchpoints[${i}].program: program ${JSON.stringify(w.program)} is not in the object`;
  }
  return undefined;
}
