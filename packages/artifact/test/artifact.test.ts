// The single-file artifact: embedding, reading back, and one clear line for every way a file
// can be wrong. Objects are real: compiled from scripts against the shipped kernel profile.
import { closeSync, openSync, readFileSync, readSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ARTIFACT_FORMAT, ARTIFACT_VERSION, MANIFEST_SECTION, embedManifest, readArtifact, readElf, validateManifest,
  type ArtifactResult, type Manifest,
} from '../src/index.js';
import { appendSection } from '../src/elf.js';
import { compileScript } from '../../cli/src/index.js';
import { readDefaultProfile } from '../../cli/src/kernel/index.js';

const kernel = readDefaultProfile()!;
const SCRIPT = `BEGIN { printf("hello %s\\n", "x"); }
tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); @bytes = hist(args->flags); }
END { print(@opens); clear(@bytes); }
`;

function compiled(source: string): { object: Uint8Array; manifest: Manifest } {
  const r = compileScript(source, { file: 't.bt', kernel });
  if (!r.object || !r.manifest) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return { object: r.object, manifest: r.manifest };
}

/** The object with `json` in a manifest section, bypassing embedManifest's checks (as a tamperer would). */
function withManifestText(object: Uint8Array, json: string): Uint8Array {
  const elf = readElf(object);
  if (!elf.ok) throw new Error(elf.error.message);
  return appendSection(elf.elf, MANIFEST_SECTION, 3, new TextEncoder().encode(`\0${json}\0`), 1);
}

/** The error line, asserting that it is one line. */
function errorOf(r: ArtifactResult): { kind: string; message: string } {
  expect(r.ok).toBe(false);
  if (r.ok) return { kind: 'ok', message: '' };
  expect(r.error.message).not.toContain('\n');
  return r.error;
}

let object: Uint8Array;
let manifest: Manifest;
let artifact: Uint8Array;
beforeAll(() => {
  ({ object, manifest } = compiled(SCRIPT));
  const e = embedManifest(object, manifest);
  if (!e.ok) throw new Error(e.error.message);
  artifact = e.artifact;
});

describe('round trip', () => {
  it('reads back the manifest it embedded, and the object to load is the artifact', () => {
    const r = readArtifact(artifact);
    if (!r.ok) throw new Error(r.error.message);
    expect(r.manifest).toEqual(manifest);
    expect(r.manifest).toMatchObject({ format: ARTIFACT_FORMAT, version: ARTIFACT_VERSION });
    expect(r.object).toBe(artifact);
  });

  it('keeps every section of the object, at its index and with its bytes', () => {
    const before = readElf(object);
    const after = readElf(artifact);
    if (!before.ok || !after.ok) throw new Error('not an ELF');
    expect(after.elf.sections.length).toBe(before.elf.sections.length + 1);
    for (const s of before.elf.sections) {
      const t = after.elf.sections[s.index]!;
      expect(t.name).toBe(s.name);
      expect(t.type).toBe(s.type);
      // The section name table grew (the new name was appended); everything else is unchanged.
      const [a, b] = [object.subarray(s.offset, s.offset + s.size), artifact.subarray(t.offset, t.offset + t.size)];
      if (s.index === before.elf.shstrndx) expect(b.subarray(0, a.length)).toEqual(a);
      else expect(b).toEqual(a);
    }
    expect(after.elf.sections.at(-1)).toMatchObject({ name: MANIFEST_SECTION, flags: 0n });
  });

  it('refuses to embed twice, and to embed a manifest that fails validation', () => {
    expect(embedManifest(artifact, manifest)).toMatchObject({ ok: false, error: { kind: 'already-embedded' } });
    const bad = { ...manifest, ringbuf: 7 } as unknown as Manifest;
    expect(embedManifest(object, bad)).toMatchObject({ ok: false, error: { kind: 'invalid-manifest', message: 'manifest.ringbuf: expected a string, got 7' } });
  });

  it('a BPF object without the section is named as such', () => {
    expect(errorOf(readArtifact(object))).toEqual({
      kind: 'no-manifest',
      message: 'a BPF object without a .bpftrace_ts.manifest section: not a bpftrace-ts artifact (make one with `bpftrace-ts compile`)',
    });
  });
});

describe('truncated files', () => {
  it('every cut gives one line, never a throw', () => {
    for (const n of [1, 3, 19, 20, 63, 64, 200, artifact.length >> 1, artifact.length - 65, artifact.length - 1]) {
      const e = errorOf(readArtifact(artifact.subarray(0, n)));
      expect(e.kind, `cut at ${n}`).toBe('truncated');
      expect(e.message).toMatch(/^truncated: /);
    }
    expect(errorOf(readArtifact(artifact.subarray(0, 0)))).toEqual({ kind: 'not-elf', message: 'empty file: not a BPF object' });
    expect(errorOf(readArtifact(artifact.subarray(0, artifact.length - 1))).message)
      .toBe(`truncated: the section headers would end at byte ${artifact.length}, past the end of the file (${artifact.length - 1} bytes)`);
  });
});

describe('tampered manifests', () => {
  const json = () => JSON.parse(JSON.stringify(manifest)) as Record<string, any>;

  it('not JSON', () => {
    const text = JSON.stringify(manifest);
    const e = errorOf(readArtifact(withManifestText(object, text.slice(0, 40))));
    expect(e.kind).toBe('bad-json');
    expect(e.message).toMatch(/^the \.bpftrace_ts\.manifest section is not valid JSON \(/);
  });

  it('not UTF-8', () => {
    const elf = readElf(object);
    if (!elf.ok) throw new Error();
    const bytes = appendSection(elf.elf, MANIFEST_SECTION, 3, new Uint8Array([0, 0x7b, 0xff, 0x7d, 0]), 1);
    expect(errorOf(readArtifact(bytes))).toEqual({ kind: 'bad-json', message: 'the .bpftrace_ts.manifest section is not UTF-8 text' });
  });

  it('a field of the wrong type, named by its path', () => {
    const m = json();
    m.maps[0].keySize = '8';
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(m))))).toEqual({
      kind: 'invalid-manifest', message: 'manifest.maps[0].keySize: expected a non-negative integer, got "8"',
    });
    const n = json();
    n.events[0].fields[0].layout = { type: 'int', size: 3, signed: false };
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(n)))).message)
      .toBe('manifest.events[0].fields[0].layout.size: expected one of 1, 2, 4, 8, got 3');
    const o = json();
    delete o.programs;
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(o)))).message).toBe('manifest.programs: expected an array, got nothing');
  });

  it('an unknown kind names what this reader knows', () => {
    const m = json();
    m.events[0].kind = 'teleport';
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(m)))).message)
      .toMatch(/^manifest\.events\[0\]\.kind: unknown kind "teleport" \(this reader knows printf, system, cat, /);
  });

  it('a map named in the manifest that the object lacks', () => {
    const m = json();
    const i = m.maps.findIndex((s: { name: string }) => s.name === '@opens');
    m.maps[i].bpfName = 'no_such_map';
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(m))))).toEqual({
      kind: 'object-mismatch', message: `manifest.maps[${i}].bpfName: map "no_such_map" is not in the object's .maps section`,
    });
  });

  it('a program the object lacks, or in another section', () => {
    const m = json();
    m.programs[1].name = 'gone';
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(m)))).message).toBe('manifest.programs[1].name: program "gone" is not in the object');
    const n = json();
    n.programs[1].section = 'kprobe/x';
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(n)))).message)
      .toMatch(/^manifest\.programs\[1\]\.section: "kprobe\/x", but the object has \w+ in "tracepoint\/syscalls\/sys_enter_openat"$/);
  });

  it('an event naming a map that is not in the manifest', () => {
    const m = json();
    const i = m.events.findIndex((e: { kind: string }) => e.kind === 'clear');
    m.events[i].map = '@nothing';
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(m)))).message)
      .toBe(`manifest.events[${i}].map: names "@nothing", which is not in manifest.maps`);
  });
});

describe('versions', () => {
  it('a newer major version is refused with one line', () => {
    const m = { ...manifest, version: ARTIFACT_VERSION + 1 };
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(m))))).toEqual({
      kind: 'unsupported-version',
      message: `artifact format version ${ARTIFACT_VERSION + 1} is newer than this runtime reads (${ARTIFACT_VERSION}): upgrade @bpftrace-ts/runtime or recompile with this version's compiler`,
    });
  });

  it('fields a reader does not know are ignored (additions that need no new version)', () => {
    const m = { ...manifest, someLaterField: { x: 1 } };
    expect(readArtifact(withManifestText(object, JSON.stringify(m))).ok).toBe(true);
  });

  it('a manifest without its format (version 1, before the artifact) or of another format', () => {
    const { format: _, ...old } = { ...manifest, version: 1 };
    expect(errorOf(readArtifact(withManifestText(object, JSON.stringify(old))))).toMatchObject({ kind: 'unsupported-version' });
    expect(validateManifest({ ...manifest, format: 'other' })).toMatchObject({ ok: false, error: { message: '"format" is "other", not "bpftrace-ts-artifact"' } });
    expect(validateManifest([])).toMatchObject({ ok: false, error: { message: 'the manifest is not a JSON object' } });
  });
});

describe('not a BPF object', () => {
  const patched = (f: (b: Uint8Array, v: DataView) => void) => {
    const b = artifact.slice();
    f(b, new DataView(b.buffer));
    return b;
  };

  it('an ELF for a CPU names the machine', () => {
    expect(errorOf(readArtifact(patched((_, v) => v.setUint16(18, 62, true))))).toEqual({
      kind: 'wrong-machine', message: 'an ELF object for x86-64 (e_machine 62), not for BPF',
    });
    expect(errorOf(readArtifact(patched((_, v) => v.setUint16(18, 183, true)))).message).toBe('an ELF object for AArch64 (e_machine 183), not for BPF');
    // A real one: this Node binary (its first KiB is enough for the header).
    const head = new Uint8Array(1024);
    const fd = openSync(process.execPath, 'r');
    readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    expect(errorOf(readArtifact(head)).message).toMatch(/^an ELF object for (x86-64|AArch64) \(e_machine \d+\), not for BPF$/);
  });

  it('a 32-bit ELF, a big-endian BPF object, not an ELF at all', () => {
    expect(errorOf(readArtifact(patched((b, v) => { b[4] = 1; v.setUint16(18, 3, true); })))).toEqual({
      kind: 'wrong-class', message: 'a 32-bit ELF for x86 (i386) (e_machine 3): BPF objects are 64-bit',
    });
    expect(errorOf(readArtifact(patched((b, v) => { b[5] = 2; v.setUint16(18, 247, false); })))).toMatchObject({ kind: 'wrong-byte-order' });
    expect(errorOf(readArtifact(new TextEncoder().encode('BEGIN { exit(); }\n')))).toEqual({
      kind: 'not-elf', message: 'not an ELF file (no \\x7fELF magic): not a BPF object',
    });
  });
});

describe('every e2e fixture script', () => {
  const dir = fileURLToPath(new URL('../../../test-fixtures/e2e/', import.meta.url));
  const scripts = readdirSync(dir).filter((f) => f.endsWith('.bt'));

  it('compiles to a manifest that validates and survives the round trip', () => {
    expect(scripts.length).toBeGreaterThan(10);
    for (const f of scripts) {
      const spec = JSON.parse(readFileSync(`${dir}/${f.replace(/\.bt$/, '.json')}`, 'utf8')) as { params?: string[] };
      const r = compileScript(readFileSync(`${dir}/${f}`, 'utf8'), { file: f, kernel, params: spec.params ?? [] });
      if (!r.object || !r.manifest) throw new Error(`${f}: ${r.diagnostics.map((d) => d.message).join('; ')}`);
      const e = embedManifest(r.object, r.manifest);
      expect(e.ok ? 'ok' : e.error.message, f).toBe('ok');
      const back = e.ok ? readArtifact(e.artifact) : undefined;
      expect(back?.ok && back.manifest, f).toEqual(r.manifest);
    }
  });
});

describe('runs anywhere', () => {
  it('imports no Node built-ins and nothing outside the package', () => {
    const src = fileURLToPath(new URL('../src/', import.meta.url));
    for (const f of readdirSync(src).filter((n) => n.endsWith('.ts'))) {
      const imports = [...readFileSync(`${src}/${f}`, 'utf8').matchAll(/^(?:import|export)[^;]*?from '([^']+)'/gm)].map((m) => m[1]);
      for (const i of imports) expect(i, `${f} imports ${i}`).toMatch(/^\.\//);
    }
  });
});
