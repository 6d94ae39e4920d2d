// One loading test per language feature beyond the reference scripts: each
// script goes through parse + check + compile and `bpftool prog loadall`.

import { describe, expect, it } from 'vitest';
import { compile, type Manifest } from '../src/index.js';
// uaddr() needs a symbol resolver; the CLI passes the runtime's (codegen reads no files).
import { resolveUserSymbol } from '../../runtime/src/symbols/uaddr.js';
import { canLoad, checkScript, describeEachLlc, kernel, loadAll, pinnedLeft } from './fixture.js';

interface Case { name: string; src: string; unsafe?: boolean; load?: boolean; check?: (m: Manifest, ir: string) => void }

const CASES: Case[] = [
  { name: 'print(value)', src: 'BEGIN { print(1 + 2); print(comm); print((1, "a")); exit(); }',
    check: (m) => expect(m.events.filter((e) => e.kind === 'print_value').map((e) => (e as { field: unknown }).field)).toEqual([
      { offset: 8, layout: { type: 'int', size: 8, signed: true } },
      { offset: 8, layout: { type: 'string', size: 16 } },
      { offset: 8, layout: { type: 'tuple', size: 16, fields: [{ offset: 0, layout: { type: 'int', size: 8, signed: true } }, { offset: 8, layout: { type: 'string', size: 2 } }] } },
    ]) },
  { name: 'join', src: 'tracepoint:syscalls:sys_enter_execve { join(args->argv); join(args->argv, ","); }',
    check: (m) => expect(m.events).toContainEqual({ kind: 'join', separator: ',', argSize: 1024, argCount: 16 }) },
  { name: 'ksym/usym/func', src: 'kprobe:vfs_read { @[func] = count(); printf("%s\\n", ksym(arg0)); } uprobe:/bin/bash:readline { @u[usym(reg("ip"))] = count(); @f[func] = count(); }',
    check: (m) => {
      expect(m.maps.find((x) => x.name === '@')!.keys[0].layout).toEqual({ type: 'ksym' });
      expect(m.maps.find((x) => x.name === '@u')!.keys[0].layout).toEqual({ type: 'usym', pidOffset: 8 });
      expect(m.maps.find((x) => x.name === '@u')!.keySize).toBe(16);
    } },
  { name: 'kstack/ustack', src: 'profile:hz:99 { @[kstack] = count(); @u[ustack(5)] = count(); } tracepoint:sched:sched_switch { @s[kstack(perf, 3)] = count(); }',
    check: (m) => {
      expect(m.stackMaps).toEqual([{ bpfName: 'stack_k_127', kind: 'kernel', depth: 127 }, { bpfName: 'stack_u_5', kind: 'user', depth: 5 }, { bpfName: 'stack_k_3', kind: 'kernel', depth: 3 }]);
      // User stacks carry the pid (offset 8) for symbolising through /proc/PID/maps.
      expect(m.maps.find((x) => x.name === '@u')!.keys[0].layout).toEqual({ type: 'ustack', depth: 5, pidOffset: 8 });
    } },
  { name: 'time', src: 'interval:s:1 { time("%H:%M:%S\\n"); time(); }',
    check: (m) => expect(m.events).toContainEqual({ kind: 'time', format: '%H:%M:%S\n' }) },
  { name: 'cat/system', unsafe: true, src: 'BEGIN { cat("/proc/%d/status", pid); system("echo %s %d", comm, 5); exit(); }',
    check: (m) => expect(m.events[1]).toEqual({ kind: 'system', format: 'echo %s %d', fields: [{ offset: 8, layout: { type: 'string', size: 16 } }, { offset: 24, layout: { type: 'int', size: 8, signed: true } }] }) },
  { name: 'string compare, strncmp', src: 'tracepoint:syscalls:sys_enter_openat /comm == "bash" || comm != "sh"/ { if (strncmp(comm, "systemd", 4) == 0) { @[comm] = count(); } if (str(args->filename) == "/etc/passwd") { @p = count(); } }' },
  { name: 'while, unroll', src: 'BEGIN { $i = 0; $s = 0; while ($i < 10) { $i++; if ($i == 5) { continue; } $s += $i; if ($s > 100) { break; } } unroll(3) { $s = $s * 2; } @ = $s; exit(); }' },
  { name: 'signal', unsafe: true, src: 'tracepoint:syscalls:sys_enter_kill /comm == "nonexistent"/ { signal("SIGUSR1"); signal(9); }' },
  { name: 'override (compile only)', unsafe: true, load: false, src: 'kprobe:vfs_read { override(-1); }' },
  { name: 'cgroup, username, elapsed, rand', src: 'tracepoint:syscalls:sys_enter_openat { @[cgroup, username] = count(); @e = max(elapsed); @r = rand; }',
    check: (m) => expect(m.maps.find((x) => x.name === '@')!.keys[1].layout).toEqual({ type: 'username' }) },
  { name: 'ntop, buf, bswap', src: 'tracepoint:syscalls:sys_enter_openat { printf("%s %r %d %d\\n", ntop(0x0100007f), buf(args->filename, 8), bswap((uint16)1), bswap(pid)); @[ntop(2, pton("10.0.0.1"))] = count(); }',
    check: (m) => {
      const e = m.events[0] as { fields: { layout: unknown }[] };
      expect(e.fields.map((x) => x.layout)).toEqual([{ type: 'inet', size: 24 }, { type: 'buffer', size: 8 }, { type: 'int', size: 2, signed: false }, { type: 'int', size: 8, signed: false }]);
    } },
  { name: 'reg, sizeof', src: 'uprobe:/bin/bash:readline { @[reg("ip"), reg("sp")] = count(); @s = sizeof(struct task_struct) + sizeof(int32) + sizeof(comm); }' },
  { name: 'curtask fields', src: 'tracepoint:syscalls:sys_enter_openat { @[curtask->pid, ((struct task_struct *)curtask)->comm] = count(); @p = curtask->real_parent->tgid; @v = curtask->se.vruntime; @f = curtask->flags & 1; }',
    check: (m) => expect(m.maps.find((x) => x.name === '@')!.keys.map((k) => k.layout)).toEqual([{ type: 'int', size: 8, signed: false }, { type: 'string', size: 16 }]) },
  { name: 'usdt section and the usdt spec map; cpid map', src: 'usdt:/bin/sh:prov:name { @[cpid, ustack(2)] = count(); }',
    check: (m, ir) => {
      expect(m.programs[0]).toMatchObject({ section: 'usdt', attach: [{ type: 'usdt', binary: '/bin/sh', provider: 'prov', name: 'name', cookie: 0 }] });
      expect(m.cpidMap).toBe('cpid');
      expect(ir).toContain('@__bpf_usdt_specs');
      // (no ip-to-spec map: the kernel has BPF cookies)
      expect(ir).not.toContain('@__bpf_usdt_ip_to_spec_id');
    } },
  { name: 'usdt arg0..arg11 from the spec map; probe from the usdt cookie with several attach points',
    src: 'usdt:/bin/sh:prov:a, usdt:/bin/sh:prov:b { @[probe, arg0, arg11, arg12] = count(); printf("%s\\n", str(arg1)); }',
    check: (_m, ir) => { expect(ir).toContain('i64 192'); expect(ir).toContain('i64 200'); } },
  { name: 'kaddr: a .ksyms extern libbpf resolves from kallsyms', src: 'interval:s:1 { $a = kaddr("vfs_read"); @ = *($a + 8); @b = kaddr("vfs_read"); }',
    check: (_m, ir) => expect(ir.match(/^@vfs_read = external global i8, section ".ksyms"/gm)).toHaveLength(1) },
  { name: 'statement temporaries share stack slots (45 string map assignments)', src: 'BEGIN { @cap[0] = \"CAP_NUMBER_0_OF_MANY\"; @cap[1] = \"CAP_NUMBER_1_OF_MANY\"; @cap[2] = \"CAP_NUMBER_2_OF_MANY\"; @cap[3] = \"CAP_NUMBER_3_OF_MANY\"; @cap[4] = \"CAP_NUMBER_4_OF_MANY\"; @cap[5] = \"CAP_NUMBER_5_OF_MANY\"; @cap[6] = \"CAP_NUMBER_6_OF_MANY\"; @cap[7] = \"CAP_NUMBER_7_OF_MANY\"; @cap[8] = \"CAP_NUMBER_8_OF_MANY\"; @cap[9] = \"CAP_NUMBER_9_OF_MANY\"; @cap[10] = \"CAP_NUMBER_10_OF_MANY\"; @cap[11] = \"CAP_NUMBER_11_OF_MANY\"; @cap[12] = \"CAP_NUMBER_12_OF_MANY\"; @cap[13] = \"CAP_NUMBER_13_OF_MANY\"; @cap[14] = \"CAP_NUMBER_14_OF_MANY\"; @cap[15] = \"CAP_NUMBER_15_OF_MANY\"; @cap[16] = \"CAP_NUMBER_16_OF_MANY\"; @cap[17] = \"CAP_NUMBER_17_OF_MANY\"; @cap[18] = \"CAP_NUMBER_18_OF_MANY\"; @cap[19] = \"CAP_NUMBER_19_OF_MANY\"; @cap[20] = \"CAP_NUMBER_20_OF_MANY\"; @cap[21] = \"CAP_NUMBER_21_OF_MANY\"; @cap[22] = \"CAP_NUMBER_22_OF_MANY\"; @cap[23] = \"CAP_NUMBER_23_OF_MANY\"; @cap[24] = \"CAP_NUMBER_24_OF_MANY\"; @cap[25] = \"CAP_NUMBER_25_OF_MANY\"; @cap[26] = \"CAP_NUMBER_26_OF_MANY\"; @cap[27] = \"CAP_NUMBER_27_OF_MANY\"; @cap[28] = \"CAP_NUMBER_28_OF_MANY\"; @cap[29] = \"CAP_NUMBER_29_OF_MANY\"; @cap[30] = \"CAP_NUMBER_30_OF_MANY\"; @cap[31] = \"CAP_NUMBER_31_OF_MANY\"; @cap[32] = \"CAP_NUMBER_32_OF_MANY\"; @cap[33] = \"CAP_NUMBER_33_OF_MANY\"; @cap[34] = \"CAP_NUMBER_34_OF_MANY\"; @cap[35] = \"CAP_NUMBER_35_OF_MANY\"; @cap[36] = \"CAP_NUMBER_36_OF_MANY\"; @cap[37] = \"CAP_NUMBER_37_OF_MANY\"; @cap[38] = \"CAP_NUMBER_38_OF_MANY\"; @cap[39] = \"CAP_NUMBER_39_OF_MANY\"; @cap[40] = \"CAP_NUMBER_40_OF_MANY\"; @cap[41] = \"CAP_NUMBER_41_OF_MANY\"; @cap[42] = \"CAP_NUMBER_42_OF_MANY\"; @cap[43] = \"CAP_NUMBER_43_OF_MANY\"; @cap[44] = \"CAP_NUMBER_44_OF_MANY\"; }' },
  { name: 'str() of a __data_loc field reads ctx + (u16 offset)', src: 'tracepoint:sched:sched_process_exec { printf("%s\\n", str(args->filename)); }',
    check: (_m, ir) => { expect(ir).toContain('and i64'); expect(ir).toContain('inttoptr (i64 115'); } },
  { name: 'string ternary (result buffer dominates both arms)', src: 'tracepoint:syscalls:sys_enter_openat { $t = pid > 100 ? "big" : comm; @[$t] = count(); printf("%s\\n", pid & 1 ? str(args->filename) : "odd"); }' },
  { name: 'big printf record: reserved in the ring buffer, one argument on the stack at a time',
    src: 'tracepoint:syscalls:sys_enter_openat { $s = str(args->filename); printf("%s %s %s %s %s %s %s %s %s %s %d\\n", $s, $s, $s, $s, $s, $s, $s, $s, str(args->filename), comm, 42); }',
    check: (_m, ir) => expect(ir).toContain('inttoptr (i64 131') },
  { name: 'uaddr: the symbol value from the binary, a constant', src: 'uprobe:/bin/bash:readline { @ = uaddr("rl_line_buffer"); }',
    check: (_m, ir) => expect(ir).toMatch(/store i64 [1-9]\d+/) },
  { name: 'pointer indexing', src: 'tracepoint:syscalls:sys_enter_execve { printf("%s\\n", str(args->argv[1])); }' },
];

describeEachLlc('features: compile + verifier', (llc) => {
  for (const c of CASES) {
    it(c.name, () => {
      const r = compile(checkScript(c.src, [], c.unsafe), { kernel, userSymbol: resolveUserSymbol, llc });
      expect(r.diagnostics, r.ir).toEqual([]);
      expect(r.object).toBeDefined();
      c.check?.(r.manifest!, r.ir);
      if (c.load === false) return;
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
