// A wrong --kernel-profile is refused quickly, within bounded memory, with one message that
// names the file and what is wrong with it: truncated, corrupt gzip, wrong JSON, too large,
// a gzip that inflates without end, a device that never ends (/dev/zero).
import { mkdtempSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { readProfile, writeProfile, type KernelInfoSources } from '@bpftrace-ts/typecheck';
import {
  defaultProfilePath, readProfileFile, writeProfileFile, MAX_PROFILE_FILE_BYTES, MAX_PROFILE_INFLATED_BYTES,
} from '../../src/kernel/index.js';
import { profileKernel } from '../../src/commands/lint.js';

const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-profile-limits-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const features = { kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true };
const small: KernelInfoSources = {
  tracepoints: () => ['c:e'], features,
  readFormat: () => 'name: e\nID: 3\nformat:\n\tfield:int pid;\toffset:8;\tsize:4;\tsigned:1;\n',
};

/** The one-line message lint and compile print for `path`. */
function lintMessage(path: string): string {
  const k = profileKernel(path);
  expect(k.ok).toBe(false);
  return k.ok ? '' : k.message;
}

describe('kernel profile files that are not profiles', () => {
  it('stops reading /dev/zero at the size limit', () => {
    expect(lintMessage('/dev/zero')).toBe(`cannot read kernel profile '/dev/zero': larger than ${MAX_PROFILE_FILE_BYTES / 1048576} MiB, the limit for a kernel profile`);
  });

  it('refuses a file over the size limit before parsing it', () => {
    const path = join(dir, 'huge.json');
    writeFileSync(path, '{');
    truncateSync(path, MAX_PROFILE_FILE_BYTES + 1);
    expect(lintMessage(path)).toMatch(/^cannot read kernel profile '.*huge\.json': larger than 64 MiB/);
  });

  it('stops inflating a gzip bomb at the inflate limit', () => {
    const path = join(dir, 'bomb.json.gz');
    writeFileSync(path, gzipSync(Buffer.alloc(MAX_PROFILE_INFLATED_BYTES + 1, 0x20)));
    expect(lintMessage(path)).toBe(`cannot read kernel profile '${path}': the file inflates to more than ${MAX_PROFILE_INFLATED_BYTES / 1048576} MiB`);
  });

  it('names a truncated container and a truncated gzip', () => {
    const cut = join(dir, 'cut.kprofile');
    writeFileSync(cut, readFileSync(defaultProfilePath()).subarray(0, 1000));
    expect(lintMessage(cut)).toBe(`cannot read kernel profile '${cut}': truncated or corrupt kernel profile container`);
    const gz = join(dir, 'cut.json.gz');
    writeFileSync(gz, gzipSync(JSON.stringify(writeProfile(small))).subarray(0, 30));
    expect(lintMessage(gz)).toBe(`cannot read kernel profile '${gz}': the file is not valid gzip data (unexpected end of file)`);
  });

  it('names corrupt gzip inside a container', () => {
    const path = join(dir, 'corrupt.kprofile');
    writeProfileFile(path, writeProfile(small));
    const bytes = readFileSync(path);
    for (let i = 30; i < bytes.length - 8; i++) bytes[i] ^= 0x5a;
    writeFileSync(path, bytes);
    expect(lintMessage(path)).toMatch(new RegExp(`^cannot read kernel profile '${path}': the JSON section is not valid gzip data \\(.+\\)$`));
  });

  it('says what is wrong with JSON that is not a profile', () => {
    const cases: [unknown, string][] = [
      [[1, 2], 'not a bpftrace-ts kernel profile'],
      [{ format: 'bpftrace-ts-kernel-profile', version: 2 }, 'unsupported kernel profile version 2 (this reader knows 1)'],
      [{ format: 'bpftrace-ts-kernel-profile', version: 1 }, 'features is missing or not an object'],
      [{ format: 'bpftrace-ts-kernel-profile', version: 1, features: { ...features, ringbuf: 'yes' } }, 'features.ringbuf is not a boolean'],
      [{ format: 'bpftrace-ts-kernel-profile', version: 1, features }, 'tracepoints is missing or not an object'],
      [{ format: 'bpftrace-ts-kernel-profile', version: 1, features, tracepoints: { fields: [['pid', 'int', -8, 4, 1]], shapes: [], events: {} } },
        'tracepoints.fields[0] has an offset or size that is not a non-negative integer'],
      [{ format: 'bpftrace-ts-kernel-profile', version: 1, features, tracepoints: { fields: [], shapes: [[0]], events: {} } },
        'tracepoints.shapes[0] is not a list of field indices'],
      [{ format: 'bpftrace-ts-kernel-profile', version: 1, features, tracepoints: { fields: [], shapes: [], events: { c: [['e', 4, 3]] } } },
        'tracepoints.events.c[0] names no shape'],
    ];
    for (const [json, problem] of cases) {
      const path = join(dir, 'wrong.json');
      writeFileSync(path, JSON.stringify(json));
      expect(lintMessage(path)).toBe(`cannot read kernel profile '${path}': ${problem}`);
      expect(() => readProfile(json)).toThrow(problem);
    }
    const text = join(dir, 'text.json');
    writeFileSync(text, 'not json');
    expect(lintMessage(text)).toBe(`cannot read kernel profile '${text}': not a kernel profile (the file is neither a profile container, gzip nor JSON)`);
    writeFileSync(text, '{"format": ');
    expect(lintMessage(text)).toMatch(new RegExp(`^cannot read kernel profile '${text}': the file is not valid JSON \\(.+\\)$`));
  });

  it('still reads a good profile', () => {
    const path = join(dir, 'good.json');
    writeProfileFile(path, writeProfile(small));
    expect(readProfileFile(path).tracepointFormat('c', 'e')!.fields[0]!.name).toBe('pid');
  });
});

describe('a profile whose BTF turns out bad when first used', () => {
  it('is an error about the profile, not an internal error of the checker', async () => {
    const { lintScript } = await import('../../src/index.js');
    const bytes = new Uint8Array(readFileSync(defaultProfilePath()));
    const jsonLength = new DataView(bytes.buffer).getUint32(12, true);
    for (let i = 20 + jsonLength + 5000; i < 20 + jsonLength + 5064; i++) bytes[i] ^= 0xff;
    const path = join(dir, 'btf-corrupt.kprofile');
    writeFileSync(path, bytes);
    const kernel = readProfileFile(path); // the JSON section is fine: the BTF is read on first use
    const diags = lintScript('kprobe:tcp_connect { $sk = (struct sock *)arg0; @ = $sk->__sk_common.skc_family; }', { kernel });
    expect(diags.map((d) => `${d.code}: ${d.message}`)).toEqual([
      expect.stringMatching(new RegExp(`^type/kernel-data: kernel profile '${path}': the BTF section is not valid gzip data \\(.+\\)$`)),
    ]);
  });
});
