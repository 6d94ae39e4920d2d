// Profiles: write this machine's kernel to JSON, read it back, and get the same answers.
import { describe, expect, it } from 'vitest';
import {
  createKernelInfo, parseBtf, readProfile, writeProfile, writeProfileParts, encodeBase64, decodeBase64,
  packProfileContainer, unpackProfileContainer, isProfileContainer,
  type KernelInfoSources,
} from '@bpftrace-ts/typecheck';
import { availableEvents, ensureTracefs, readText, TRACEFS, vmlinuxBytes } from './machine.js';

const features = { kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true };

function machineSources(): KernelInfoSources {
  const bytes = vmlinuxBytes();
  return {
    tracepoints: availableEvents,
    readFormat: (c, e) => readText(`${TRACEFS}/events/${c}/${e}/format`),
    btf: bytes && parseBtf(bytes),
    features,
    kernelRelease: readText('/proc/sys/kernel/osrelease')!.trim(),
  };
}

describe('base64', () => {
  it('round-trips every length mod 3 and matches Buffer', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 0xff);
      expect(encodeBase64(bytes)).toBe(Buffer.from(bytes).toString('base64'));
      expect(decodeBase64(encodeBase64(bytes))).toEqual(bytes);
    }
  });
});

describe('the profile container', () => {
  it('round-trips its sections, with and without BTF', () => {
    const json = Uint8Array.of(1, 2, 3), btf = Uint8Array.of(9, 8, 7, 6);
    const both = packProfileContainer({ json, btf });
    expect(isProfileContainer(both)).toBe(true);
    expect(unpackProfileContainer(both)).toEqual({ json, btf });
    expect(unpackProfileContainer(packProfileContainer({ json }))).toEqual({ json });
    // A view into a larger buffer (as node's pooled Buffers are) reads the same.
    const padded = new Uint8Array(both.length + 10); padded.set(both, 5);
    expect(unpackProfileContainer(padded.subarray(5, 5 + both.length))).toEqual({ json, btf });
  });

  it('rejects what is not a container, another version, and truncation', () => {
    expect(isProfileContainer(new TextEncoder().encode('{"format":1}'))).toBe(false);
    expect(() => unpackProfileContainer(Uint8Array.of(0x1f, 0x8b))).toThrow(/not a bpftrace-ts kernel profile container/);
    const c = packProfileContainer({ json: Uint8Array.of(1), btf: Uint8Array.of(2) });
    expect(() => unpackProfileContainer(c.subarray(0, c.length - 1))).toThrow(/truncated/);
    const v2 = c.slice(); v2[8] = 2;
    expect(() => unpackProfileContainer(v2)).toThrow(/version 2/);
  });
});

describe('a profile without tracefs or BTF', () => {
  it('round-trips formats given as text', () => {
    const text = 'name: e\nID: 7\nformat:\n\tfield:char comm[16];\toffset:8;\tsize:16;\tsigned:0;\n' +
      '\tfield:__data_loc char[] name;\toffset:24;\tsize:4;\tsigned:0;\n\tfield:const char * p;\toffset:32;\tsize:8;\tsigned:0;\n';
    const sources: KernelInfoSources = { tracepoints: () => ['a:e', 'a:none'], readFormat: (_c, e) => (e === 'e' ? text : undefined), features };
    const info = readProfile(JSON.parse(JSON.stringify(writeProfile(sources))));
    expect(info.tracepoints()).toEqual(['a:e', 'a:none']);
    expect(info.tracepointFormat('a', 'e')).toEqual(createKernelInfo(sources).tracepointFormat('a', 'e'));
    expect(info.tracepointFormat('a', 'none')).toBeUndefined();
    expect(info.record('task_struct')).toBeUndefined();
    expect(info.features).toEqual(features);
  });

  it('rejects what is not a profile', () => {
    expect(() => readProfile({})).toThrow(/not a bpftrace-ts kernel profile/);
    expect(() => readProfile({ format: 'bpftrace-ts-kernel-profile', version: 99 })).toThrow(/version/);
  });
});

const machine = ensureTracefs() && !!vmlinuxBytes();
if (!machine) console.warn('\n!!! SKIPPED a profile of this machine: needs readable tracefs and BTF (root) !!!\n');

describe.skipIf(!machine)('a profile of this machine', () => {
  const sources = machineSources();
  const live = createKernelInfo(sources);
  const json = JSON.stringify(writeProfile(sources));
  const restored = readProfile(JSON.parse(json));

  it('lists the same tracepoints and features, and the kernel release', () => {
    expect([...restored.tracepoints()].sort()).toEqual([...live.tracepoints()].sort());
    expect(restored.features).toEqual(live.features);
    expect(restored.kernelRelease).toBe(live.kernelRelease);
  });

  it('gives the same format for every tracepoint', () => {
    const diffs: string[] = [];
    for (const tp of live.tracepoints()) {
      const [c, e] = tp.split(':') as [string, string];
      if (JSON.stringify(restored.tracepointFormat(c, e)) !== JSON.stringify(live.tracepointFormat(c, e))) diffs.push(tp);
    }
    expect(diffs).toEqual([]);
  });

  it('gives the same records, typedefs, enums and functions', () => {
    for (const name of ['task_struct', 'file', 'sock', 'sk_buff', 'mm_struct', 'inode', 'path', 'dentry'])
      expect(restored.record(name), name).toEqual(live.record(name));
    for (const name of ['pid_t', 'u64', 'cpumask_t']) expect(restored.typedef!(name)).toEqual(live.typedef!(name));
    for (const name of ['BPF_MAP_TYPE_RINGBUF', 'TASK_COMM_LEN', 'PERF_TXN_ABORT_MASK']) expect(restored.enumValue!(name)).toBe(live.enumValue!(name));
    for (const name of ['vfs_read', 'do_sys_openat2', 'tcp_sendmsg']) expect(restored.func!(name)).toEqual(live.func!(name));
    expect(restored.kernelFunctions!().length).toBeGreaterThan(10_000);
  });

  it('reads the BTF given apart from the JSON, lazily', () => {
    const { profile, btf } = writeProfileParts(sources);
    expect(profile.btf).toBeUndefined();
    // (Buffer.equals: a deep toEqual of megabytes of BTF takes tens of seconds)
    const bytes = sources.btf && (sources.btf as { bytes: Uint8Array }).bytes;
    expect(btf && bytes && Buffer.from(btf).equals(Buffer.from(bytes))).toBe(true);
    let loads = 0;
    const apart = readProfile(JSON.parse(JSON.stringify(profile)), () => { loads++; return btf; });
    expect(apart.tracepointFormat('syscalls', 'sys_enter_openat')).toEqual(live.tracepointFormat('syscalls', 'sys_enter_openat'));
    expect(loads).toBe(0);
    expect(apart.record('task_struct')).toEqual(live.record('task_struct'));
    expect(apart.record('sock')).toEqual(live.record('sock'));
    expect(loads).toBe(1);
    expect(readProfile(profile, btf).enumValue!('TASK_COMM_LEN')).toBe(live.enumValue!('TASK_COMM_LEN'));
  }, 180_000);

  it('deduplicates formats and stays small', () => {
    const p = JSON.parse(json);
    expect(p.tracepoints.shapes.length).toBeLessThan(live.tracepoints().length);
    console.log(`profile JSON: ${(json.length / 1e6).toFixed(2)} MB, ${p.tracepoints.shapes.length} shapes for ` +
      `${live.tracepoints().length} tracepoints, ${p.tracepoints.fields.length} distinct fields`);
  });
});
