// Profile files: gzip and plain JSON round trips, and the profile the CLI ships.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gunzipSync } from 'node:zlib';
import { isProfileContainer, parseBtf, unpackProfileContainer, writeProfile, type KernelInfoSources } from '@bpftrace-ts/typecheck';
import {
  defaultProfilePath, findTracefs, linuxKernelInfo, readDefaultProfile, readProfileFile, readProfileJson, writeProfileFile,
} from '../../src/kernel/index.js';

const features = { kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true };
const text = 'name: e\nID: 3\nformat:\n\tfield:int pid;\toffset:8;\tsize:4;\tsigned:1;\n';
const small: KernelInfoSources = { tracepoints: () => ['c:e'], readFormat: () => text, features, kernelRelease: '1.2.3' };

/** The raw BTF inside the shipped profile. */
function readDefaultProfileBtf(): Uint8Array {
  const btf = unpackProfileContainer(readFileSync(defaultProfilePath())).btf!;
  return new Uint8Array(gunzipSync(btf));
}

describe('profile files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-profile-'));

  it('round-trips the container, gzipped and plain', () => {
    for (const name of ['p.kprofile', 'p.json.gz', 'p.json']) {
      const path = join(dir, name);
      writeProfileFile(path, writeProfile(small));
      const gz = readFileSync(path);
      expect(gz[0] === 0x1f && gz[1] === 0x8b).toBe(name.endsWith('.gz'));
      expect(isProfileContainer(gz)).toBe(name.endsWith('.kprofile'));
      const info = readProfileFile(path);
      expect(info.kernelRelease).toBe('1.2.3');
      expect(info.tracepointFormat('c', 'e')!.fields[0]).toMatchObject({ name: 'pid', offset: 8, size: 4, signed: true, type: { kind: 'int', size: 4 } });
    }
  });

  it('keeps the BTF in every form, given inside the profile or apart', () => {
    const shipped = readProfileJson(defaultProfilePath()) as Record<string, unknown>;
    expect(shipped.btf).toBeUndefined(); // the container keeps BTF out of the JSON
    const btf = readDefaultProfileBtf();
    const withBtf: KernelInfoSources = { ...small, btf: parseBtf(btf) };
    for (const name of ['b.kprofile', 'b.json.gz']) {
      const path = join(dir, name);
      writeProfileFile(path, writeProfile(withBtf)); // base64 inside
      expect(readProfileFile(path).record('task_struct')).toEqual(readDefaultProfile()!.record('task_struct'));
      const { btf: _, ...json } = writeProfile(withBtf);
      writeProfileFile(path, json, btf); // raw, apart
      expect(readProfileFile(path).typedef!('pid_t')).toMatchObject({ kind: 'int', size: 4, signed: true });
    }
  });

  it('names the file in errors', () => {
    const path = join(dir, 'bad.json');
    writeFileSync(path, '{"x":1}');
    expect(() => readProfileFile(path)).toThrow(path);
    writeFileSync(path, 'not json');
    expect(() => readProfileJson(path)).toThrow(/not a kernel profile/);
    const cut = join(dir, 'cut.kprofile');
    writeFileSync(cut, readFileSync(defaultProfilePath()).subarray(0, 1000));
    expect(() => readProfileFile(cut)).toThrow(`${cut}': truncated`);
  });
});

describe('the shipped default profile', () => {
  it('loads, is small, and has BTF and tracepoints', () => {
    const size = readFileSync(defaultProfilePath()).length;
    expect(size).toBeLessThan(3 * 1024 * 1024);
    const started = performance.now();
    const info = readDefaultProfile()!;
    expect(info.tracepoints().length).toBeGreaterThan(1000);
    expect(info.record('task_struct')!.fields.some((f) => f.name === 'comm')).toBe(true);
    console.log(`default profile: ${(size / 1024 / 1024).toFixed(2)} MiB, load + first record ${Math.round(performance.now() - started)} ms`);
  });

  it.skipIf(!findTracefs())('matches the live kernel when it is this kernel', () => {
    const shipped = readDefaultProfile()!;
    const live = linuxKernelInfo();
    if (shipped.kernelRelease !== live.kernelRelease) return; // made on another kernel
    for (const tp of live.tracepoints().filter((_, i) => i % 25 === 0)) {
      const [c, e] = tp.split(':') as [string, string];
      expect(shipped.tracepointFormat(c, e), tp).toEqual(live.tracepointFormat(c, e));
    }
    expect(shipped.features).toEqual(live.features);
    expect(shipped.record('sk_buff')).toEqual(live.record('sk_buff'));
  });
});
