// The live-kernel KernelInfo against what /sys says directly.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createKernelInfo, parseTracepointFormat, type Btf } from '@bpftrace-ts/typecheck';
import { findTracefs, kernelVersion, linuxKernelInfo, linuxKernelSources } from '../../src/kernel/index.js';

const tracefs = findTracefs();

describe('kernelVersion', () => {
  it('reads major.minor', () => {
    expect(kernelVersion('6.18.44-fc-v669')).toEqual([6, 18]);
    expect(kernelVersion('5.4.0')).toEqual([5, 4]);
    expect(kernelVersion('garbage')).toEqual([0, 0]);
  });
});

describe.skipIf(!tracefs)('linuxKernelInfo on this machine', () => {
  const info = linuxKernelInfo();

  it('lists available_events', () => {
    const listed = readFileSync(`${tracefs}/available_events`, 'utf8').split('\n').filter(Boolean);
    expect(info.tracepoints()).toEqual(listed);
    expect(info.tracepoints()).toContain('syscalls:sys_enter_openat');
  });

  it('reads formats on demand, as the pure parser reads the file', () => {
    const text = readFileSync(`${tracefs}/events/syscalls/sys_enter_openat/format`, 'utf8');
    const fmt = info.tracepointFormat('syscalls', 'sys_enter_openat')!;
    expect(fmt.fields.map((f) => [f.name, f.offset, f.size]))
      .toEqual(parseTracepointFormat(text, 'syscalls', 'sys_enter_openat').fields.map((f) => [f.name, f.offset, f.size]));
    expect(info.tracepointFormat('syscalls', 'no_such_event')).toBeUndefined();
    expect(info.tracepointFormat('..', 'syscalls')).toBeUndefined();
  });

  it('detects features from the machine', () => {
    const rel = execFileSync('uname', ['-r'], { encoding: 'utf8' }).trim();
    const [major, minor] = kernelVersion(rel);
    expect(info.kernelRelease).toBe(rel);
    expect(info.features.kprobes).toBe(existsSync(`${tracefs}/kprobe_events`) ||
      execFileSync('sh', ['-c', 'zcat /proc/config.gz 2>/dev/null | grep -c "^CONFIG_KPROBES=y" || true'], { encoding: 'utf8' }).trim() === '1');
    expect(info.features.uprobes).toBe(true);
    expect(info.features.ringbuf).toBe(major > 5 || (major === 5 && minor >= 8));
    expect(info.features.attachCookie).toBe(major > 5 || (major === 5 && minor >= 15));
  });

  it('reads BTF only when a type is asked for', () => {
    const sources = linuxKernelSources();
    const load = sources.btf as () => Btf | undefined;
    let loads = 0;
    const counted = createKernelInfo({
      tracepoints: sources.tracepoints, readFormat: sources.readFormat, features: { kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true },
      btf: () => { loads++; return load(); },
    });
    counted.tracepoints();
    counted.tracepointFormat('sched', 'sched_switch');
    counted.tracepointFormat('syscalls', 'sys_enter_openat');
    expect(loads).toBe(0);
    expect(counted.record('task_struct')!.fields.some((f) => f.name === 'pid')).toBe(true);
    counted.record('file');
    expect(loads).toBe(1);
  });

  it('has kernel functions', () => {
    expect(info.kernelFunctions!().length).toBeGreaterThan(10_000);
    expect(info.kernelFunctions!()).toContain('vfs_read');
  });
});
