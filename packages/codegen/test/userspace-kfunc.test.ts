// strftime/cgroup_path/cgroupid/macaddr encodings, address spaces of reads, stack
// modes in layouts, and kfunc/kretfunc/iter sections (compiled against this kernel
// with fentry declared available: the kernel lacks the tracing program type, so
// those objects are checked by section, not loaded).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from '@bpftrace-ts/parser';
import { check, type KernelInfo } from '@bpftrace-ts/typecheck';
import { compile, emitIr } from '../src/index.js';
import { canLoad, checkScript, kernel, loadAll, pinnedLeft } from './fixture.js';

const withFentry: KernelInfo = { ...kernel, features: { ...kernel.features, fentry: true } };

function checkWith(source: string, k: KernelInfo) {
  const { ast } = parse(source, { file: 'stdin' });
  const r = check(ast!, k, { params: [], unsafe: false, file: 'stdin' });
  if (!r.program) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.program;
}

function sections(object: Uint8Array): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'bpfts-'));
  writeFileSync(join(dir, 'o.o'), object);
  const out = execFileSync('readelf', ['-SW', join(dir, 'o.o')]).toString();
  return [...out.matchAll(/\]\s+(\S+)\s+PROGBITS/g)].map((m) => m[1]!);
}

const loads = (source: string, options = {}) => {
  const { object, diagnostics } = compile(checkScript(source), { kernel, cgroupId: () => 25n, ...options });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (canLoad) {
    expect(loadAll(object!)).toBeUndefined();
    expect(pinnedLeft()).toBe(false);
  }
  return object!;
};

describe('user-space values', () => {
  it('strftime is {format index, nsecs}; formats are listed in the manifest', () => {
    const { manifest } = emitIr(checkScript('BEGIN { printf("%s %s\\n", strftime("%H", nsecs), strftime("%M:%f", 1)); @t = strftime("%H", 5); }'), { kernel });
    expect(manifest.strftimeFormats).toEqual(['%H', '%M:%f']);
    const printf = manifest.events.find((e) => e.kind === 'printf');
    expect(printf?.kind === 'printf' && printf.fields.map((f) => f.layout)).toEqual([{ type: 'timestamp' }, { type: 'timestamp' }]);
    expect(manifest.maps[0]!.value).toEqual({ type: 'timestamp' });
    expect(manifest.maps[0]!.valueSize).toBe(16);
  });

  it('cgroup_path keeps its filter; cgroupid is a constant from the resolver', () => {
    const { manifest, ir } = emitIr(checkScript('BEGIN { printf("%s\\n", cgroup_path(cgroupid("/x"), "mem*")); @ = cgroup_path(cgroup); }'), { kernel, cgroupId: (p) => (p === '/x' ? 4242n : { error: 'No such file or directory' }) });
    expect(manifest.cgroupPathFilters).toEqual(['mem*', '*']);
    expect(ir).toContain('4242');
  });

  it('cgroupid of a missing path is a diagnostic in bpftrace words', () => {
    const { diagnostics } = emitIr(checkScript('BEGIN { @ = cgroupid("/nope"); }'), { kernel, cgroupId: () => ({ error: 'No such file or directory' }) });
    expect(diagnostics.map((d) => d.message)).toEqual(['Failed to get `cgroupid` for path: "/nope": No such file or directory']);
  });

  it('load: strftime, cgroup_path, cgroupid, macaddr (user and kernel pointers)', () => {
    loads('tracepoint:syscalls:sys_enter_openat { @a[strftime("%H", nsecs)] = count(); @b = cgroup_path(cgroupid("/sys/fs/cgroup/unified")); @c = macaddr(args->filename); @d = macaddr(kptr(args->filename)); }');
  });
});

describe('address spaces (bpftrace 0.17 AS rules)', () => {
  const helpers = (src: string) => [...emitIr(checkScript(src), { kernel }).ir.matchAll(/inttoptr \(i64 (11[2-5]) /g)].map((m) => m[1]);
  it('uprobe *ptr reads user memory; curtask and kptr() kernel', () => {
    expect(helpers('uprobe:/bin/true:main { @a = *(int8 *)arg0; }')).toEqual(['112']);
    expect(helpers('uprobe:/bin/true:main { @a = *(int8 *)kptr(arg0); }')).toEqual(['113']);
    expect(helpers('uprobe:/bin/true:main { @a = curtask->pid; }')).toEqual(['113']);
    expect(helpers('uprobe:/bin/true:main { $p = (int8 *)arg0; @a = *$p; }')).toEqual(['112']);
  });
  it('kernel probes read kernel memory unless uptr(); syscall tracepoints user', () => {
    expect(helpers('tracepoint:sched:sched_switch { @a = *(int8 *)args->prev_pid; }')).toEqual(['113']);
    expect(helpers('tracepoint:sched:sched_switch { @a = *(int8 *)uptr(args->prev_pid); }')).toEqual(['112']);
    expect(helpers('tracepoint:syscalls:sys_enter_openat { @a = *(int8 *)args->filename; }')).toEqual(['112']);
    expect(helpers('tracepoint:syscalls:sys_enter_openat { @s = str(kptr(args->filename)); }')).toEqual(['115']);
  });
  it('loads (uprobe user read)', () => { loads('uprobe:/bin/true:main { @a = *(int8 *)arg0; @b = str(uptr(arg1)); }'); });
});

describe('stack modes', () => {
  it('perf mode travels in the layout; bpftrace mode is the default', () => {
    const { manifest } = emitIr(checkScript('tracepoint:syscalls:sys_enter_getppid { @a[kstack(perf, 3)] = count(); @b[ustack(perf)] = count(); @c[kstack(bpftrace)] = count(); @d[kstack] = count(); }'), { kernel });
    expect(manifest.maps.map((m) => m.keys[0]!.layout)).toEqual([
      { type: 'kstack', depth: 3, mode: 'perf' }, { type: 'ustack', depth: 127, pidOffset: 8, mode: 'perf' },
      { type: 'kstack', depth: 127 }, { type: 'kstack', depth: 127 },
    ]);
  });
});

describe('kfunc/kretfunc/iter sections', () => {
  it('fentry/FUNC, fexit/FUNC, iter/TARGET, with kfunc and iter attach specs', () => {
    const src = 'kfunc:vfs_read { @a[args->count] = count(); } kretfunc:vfs_read { @r = retval; } iter:task { @i = count(); }';
    const { object, manifest, diagnostics } = compile(checkWith(src, withFentry), { kernel: withFentry });
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(manifest!.programs.map((p) => [p.section, p.attach])).toEqual([
      ['fentry/vfs_read', [{ type: 'kfunc', func: 'vfs_read', retprobe: false, cookie: 0 }]],
      ['fexit/vfs_read', [{ type: 'kfunc', func: 'vfs_read', retprobe: true, cookie: 1 }]],
      ['iter/task', [{ type: 'iter', target: 'task', cookie: 2 }]],
    ]);
    expect(sections(object!)).toEqual(expect.arrayContaining(['fentry/vfs_read', 'fexit/vfs_read', 'iter/task']));
  });
  it('args->count is the third u64 of the context, retval the slot after the parameters', () => {
    const { ir } = emitIr(checkWith('kfunc:vfs_read { @a = args->count; } kretfunc:vfs_read { @r = retval; }', withFentry), { kernel: withFentry });
    expect(ir).toMatch(/getelementptr i8, ptr %ctx, i64 16/);
    expect(ir).toMatch(/getelementptr i8, ptr %ctx, i64 32/);
  });
});
