// Compile the reference scripts and prove the verifier accepts every program
// (bpftool prog loadall), then check nothing is left pinned.

import { describe, expect, it } from 'vitest';
import { compile } from '../src/index.js';
import { canLoad, checkScript, describeEachLlc, kernel, loadAll, pinnedLeft } from './fixture.js';
import { emitIr } from '../src/index.js';

export const SCRIPTS: { src: string; params?: string[] }[] = [
  { src: 'tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }' },
  { src: 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args->filename)); }' },
  { src: 'tracepoint:raw_syscalls:sys_enter { @[pid, comm] = count(); }' },
  { src: 'tracepoint:syscalls:sys_enter_* { @[probe] = count(); }' },
  { src: 'tracepoint:syscalls:sys_exit_read /args->ret/ { @[comm] = sum(args->ret); }' },
  { src: 'tracepoint:syscalls:sys_exit_read { @[comm] = hist(args->ret); }' },
  { src: 'tracepoint:syscalls:sys_exit_read { @ret = lhist(args->ret, 0, 1000, 100); }' },
  { src: 'tracepoint:syscalls:sys_exit_read /args->ret < 0/ { @[- args->ret] = count(); }' },
  { src: 't:syscalls:sys_*_execve { printf("%s %s PID %d\\n", probe, comm, pid); }' },
  { src: 't:syscalls:sys_enter_read { @reads = count(); } interval:s:1 { exit(); }' },
  { src: 'tracepoint:block:block_rq_i* { @[probe] = count(); } interval:s:1 { print(@); clear(@); }' },
  { src: 'software:faults:1 { @[comm] = count(); }' },
  { src: 'profile:hz:99 { @[cpu] = count(); }' },
  { src: 'ur:/bin/bash:readline { printf("%s\\n", str(retval)); }' },
  { src: 'BEGIN { printf("Hello, %s!\\n", str($1)); }', params: ['world'] },
  { src: 'BEGIN { @x = stats(10); @x = stats(20); @y = avg(7); @z = min(-3); @w = max(9); exit(); }' },
  {
    src: 'kprobe:vfs_read { @start[tid] = nsecs; } kretprobe:vfs_read /@start[tid]/ { @ns[comm] = hist(nsecs - @start[tid]); delete(@start[tid]); }',
  },
  { src: 'BEGIN { $x = 1; if ($x > 0 && elapsed >= 0) { @s = "hi"; } else { @s = comm; } $y = $x ? 2 : 3; @t[$y, "k"] = $y * 2; }' },
];

/** Scripts where the checker's types differ from what one assignment alone would give. */
export const TYPED: { src: string; params?: string[] }[] = [
  { src: 'BEGIN { @s = "a"; @s = "abcdefghijkl"; $v = "x"; $v = "a longer string"; printf("%s %s\\n", @s, $v); exit(); }' },
  { src: 'BEGIN { @t = (1, "a"); @t = (2, "abcdef"); @k["a"] = 1; @k["abcdefghijklmnop"] = 2; @u[(int8)-1, "x"] = (int32)-5; exit(); }' },
  { src: 'tracepoint:sched:sched_switch { @[args->prev_comm, args->prev_pid] = count(); @p = args->prev_state; }' },
  { src: 'tracepoint:syscalls:sys_enter_openat { @[args->dfd, args->flags] = count(); @m = min(args->flags); }' },
  { src: 'BEGIN { printf("%d %d %d\\n", sizeof(struct task_struct), sizeof(int32), sizeof(comm)); exit(); }' },
];

describeEachLlc('compile + verifier', (llc) => {
  for (const { src, params } of [...SCRIPTS, ...TYPED]) {
    it(src, () => {
      const checked = checkScript(src, params);
      const r = compile(checked, { kernel, llc });
      expect(r.diagnostics, r.ir).toEqual([]);
      expect(r.object).toBeDefined();
      expect(r.manifest!.programs.length).toBeGreaterThan(0);
      if (!canLoad) {
        console.warn('!!! SKIPPED verifier load: needs root, bpftool and /sys/fs/bpf !!!');
        return;
      }
      const err = loadAll(r.object!);
      expect(err, err ? `${err}\n${r.ir}` : '').toBeUndefined();
      expect(pinnedLeft()).toBe(false);
    });
  }
});

describe('manifest conventions', () => {
  it('hist, printf record layout, cookies', () => {
    const src = 'tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args->filename)); } t:syscalls:sys_*_execve { @[probe] = hist(pid); }';
    const r = compile(checkScript(src), { kernel });
    const m = r.manifest!;
    expect(m.events[0]).toEqual({
      kind: 'printf', format: '%s %s\n',
      fields: [{ offset: 8, layout: { type: 'string', size: 16 } }, { offset: 24, layout: { type: 'string', size: 64 } }],
    });
    expect(m.maps[0]).toMatchObject({ name: '@', bpfName: 'AT_', kind: 'hist', bpfType: 'percpu_hash', valueSize: 66 * 8, hist: { buckets: 66 } });
    expect(m.probeNames).toEqual(['tracepoint:syscalls:sys_enter_openat', 'tracepoint:syscalls:sys_enter_execve', 'tracepoint:syscalls:sys_exit_execve']);
    expect(m.programs[1].attach.map((a) => (a as { cookie: number }).cookie)).toEqual([1, 2]);
    expect(r.ir).toContain('inttoptr (i64 174'); // bpf_get_attach_cookie
  });
});

describe('checker types reach the object', () => {
  it('map key/value layouts come from MapInfo', () => {
    const m = emitIr(checkScript(TYPED[1].src), { kernel }).manifest!;
    const t = m.maps.find((x) => x.name === '@t')!;
    expect(t.value).toEqual({ type: 'tuple', size: 16, fields: [{ offset: 0, layout: { type: 'int', size: 8, signed: true } }, { offset: 8, layout: { type: 'string', size: 2 } }] }); // the checker keeps the first tuple's types; later ones are converted (truncated)
    expect(m.maps.find((x) => x.name === '@k')!.keys).toEqual([{ offset: 0, layout: { type: 'string', size: 17 } }]);
    const u = m.maps.find((x) => x.name === '@u')!;
    expect(u.keys.map((k) => k.layout)).toEqual([{ type: 'int', size: 8, signed: false }, { type: 'string', size: 2 }]);
    expect(u.value).toEqual({ type: 'int', size: 8, signed: true });
  });
  it('tracepoint fields load at their size and sign', () => {
    const r = emitIr(checkScript(TYPED[2].src), { kernel });
    const m = r.manifest!.maps.find((x) => x.name === '@')!;
    expect(m.keys.map((k) => k.layout)).toEqual([{ type: 'string', size: 16 }, { type: 'int', size: 8, signed: false }]);
    expect(r.ir).toMatch(/sext i32/); // prev_pid: pid_t, 4 bytes, signed
  });
  it('sizeof uses the checker\'s type resolution', () => {
    const r = emitIr(checkScript(TYPED[4].src), { kernel });
    const size = kernel.record('task_struct')!.size;
    expect(r.ir).toContain(`i64 ${size}`);
  });
});
