// Profiles: write this machine's kernel to JSON, read it back, and get the same answers.
import { describe, expect, it } from 'vitest';
import {
  createKernelInfo, parseBtf, readProfile, writeProfile, encodeBase64, decodeBase64,
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

describe.skipIf(!ensureTracefs() || !vmlinuxBytes())('a profile of this machine', () => {
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

  it('deduplicates formats and stays small', () => {
    const p = JSON.parse(json);
    expect(p.tracepoints.shapes.length).toBeLessThan(live.tracepoints().length);
    console.log(`profile JSON: ${(json.length / 1e6).toFixed(2)} MB, ${p.tracepoints.shapes.length} shapes for ` +
      `${live.tracepoints().length} tracepoints, ${p.tracepoints.fields.length} distinct fields`);
  });
});
