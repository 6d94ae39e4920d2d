// The scripts codegen needs first: each must check clean, with the right types.
import { describe, it, expect } from 'vitest';
import type { Expr, Stmt, SizedType } from '@bpftrace-ts/parser';
import { typeName } from '../src/index.js';
import { checkSource } from './helpers.js';

function ok(src: string, params: string[] = []) {
  const r = checkSource(src, { params });
  expect(r.diagnostics.map((d) => d.message)).toEqual([]);
  expect(r.program).toBeDefined();
  return r.program!;
}
const tn = (t: SizedType | undefined) => typeName(t);
const mapTypes = (p: ReturnType<typeof ok>) =>
  Object.fromEntries([...p.maps.values()].map((m) => [m.name, `[${m.keyTypes.map(tn).join(', ')}] ${tn(m.value)}`]));
const stmt = (p: ReturnType<typeof ok>, probe = 0, i = 0): Stmt => p.probes[probe]!.probe.body[i]!;

describe('issue-2 scripts check clean', () => {
  it('@opens[comm] = count()', () => {
    const p = ok('tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }');
    expect(mapTypes(p)).toEqual({ '@opens': '[string[16]] count' });
    expect(p.maps.get('@opens')!.agg).toBe('count');
    expect(p.probes[0]!.attach).toEqual([{ probeType: 'tracepoint', name: 'tracepoint:syscalls:sys_enter_openat', target: 'syscalls', func: 'sys_enter_openat' }]);
    expect(p.probes[0]!.perAttachPoint).toBe(false);
  });

  it('printf with str(args->filename)', () => {
    const p = ok('tracepoint:syscalls:sys_enter_openat { printf("%s %s\\n", comm, str(args->filename)); }');
    const call = (stmt(p) as Extract<Stmt, { kind: 'ExprStmt' }>).expr as Extract<Expr, { kind: 'Call' }>;
    expect(call.args.map((a) => tn(a.type))).toEqual(['string[7]', 'string[16]', 'string[64]']);
    const strArg = (call.args[2] as Extract<Expr, { kind: 'Call' }>).args[0]!;
    expect(strArg.type).toMatchObject({ tag: 'pointer', to: { tag: 'int', bits: 8 } });
    expect(p.probes[0]!.perAttachPoint).toBe(true);
  });

  it('@[pid, comm] = count()', () => {
    const p = ok('tracepoint:raw_syscalls:sys_enter { @[pid, comm] = count(); }');
    expect(mapTypes(p)).toEqual({ '@': '[unsigned int64, string[16]] count' });
  });

  it('wildcard @[probe]', () => {
    const p = ok('tracepoint:syscalls:sys_enter_* { @[probe] = count(); }');
    expect(p.probes[0]!.attach.map((a) => a.name)).toEqual([
      'tracepoint:syscalls:sys_enter_execve', 'tracepoint:syscalls:sys_enter_openat',
      'tracepoint:syscalls:sys_enter_read', 'tracepoint:syscalls:sys_enter_write']);
    expect(mapTypes(p)).toEqual({ '@': '[probe] count' });
    expect(p.probes[0]!.perAttachPoint).toBe(false);
  });

  it('sum/hist/lhist of args->ret with predicate', () => {
    let p = ok('tracepoint:syscalls:sys_exit_read /args->ret/ { @[comm] = sum(args->ret); }');
    expect(mapTypes(p)).toEqual({ '@': '[string[16]] sum' });
    expect(p.maps.get('@')!.value).toEqual({ tag: 'agg', agg: 'sum', signed: true });
    expect(p.probes[0]!.probe.predicate!.type).toEqual({ tag: 'int', bits: 64, signed: true });
    p = ok('tracepoint:syscalls:sys_exit_read /args->ret/ { @[comm] = hist(args->ret); }');
    expect(p.maps.get('@')!.agg).toBe('hist');
    p = ok('tracepoint:syscalls:sys_exit_read { @ret = lhist(args->ret, 0, 1000, 100); }');
    expect(p.maps.get('@ret')).toMatchObject({ agg: 'lhist', keyTypes: [], lhist: { min: 0, max: 1000, step: 100 } });
    p = ok('tracepoint:syscalls:sys_exit_read /args->ret < 0/ { @[- args->ret] = count(); }');
    expect(mapTypes(p)).toEqual({ '@': '[unsigned int64] count' });
    expect(tn(p.probes[0]!.probe.predicate!.type)).toBe('int64');
  });

  it('t:syscalls:sys_*_execve printf', () => {
    const p = ok('t:syscalls:sys_*_execve { printf("%s %s PID %d\\n", probe, comm, pid); }');
    expect(p.probes[0]!.attach.map((a) => a.name)).toEqual(['tracepoint:syscalls:sys_enter_execve', 'tracepoint:syscalls:sys_exit_execve']);
  });

  it('count + interval exit', () => {
    const p = ok('t:syscalls:sys_enter_read { @reads = count(); } interval:s:1 { exit(); }');
    expect(p.probes[1]!.attach).toEqual([{ probeType: 'interval', name: 'interval:s:1', unit: 's', freq: 1 }]);
  });

  it('block wildcard with print/clear', () => {
    const p = ok('tracepoint:block:block_rq_i* { @[probe] = count(); } interval:s:1 { print(@); clear(@); }');
    expect(p.probes[0]!.attach.map((a) => a.name)).toEqual(['tracepoint:block:block_rq_insert', 'tracepoint:block:block_rq_issue']);
  });

  it('software, profile, uretprobe', () => {
    let p = ok('software:faults:1 { @[comm] = count(); }');
    expect(p.probes[0]!.attach).toEqual([{ probeType: 'software', name: 'software:faults:1', func: 'page-faults', freq: 1 }]);
    p = ok('profile:hz:99 { @[cpu] = count(); }');
    expect(p.probes[0]!.attach[0]).toMatchObject({ probeType: 'profile', name: 'profile:hz:99', unit: 'hz', freq: 99 });
    expect(mapTypes(p)).toEqual({ '@': '[unsigned int64] count' });
    p = ok('ur:/bin/bash:readline { printf("%s\\n", str(retval)); }');
    expect(p.probes[0]!.attach[0]).toMatchObject({ probeType: 'uretprobe', name: 'uretprobe:/bin/bash:readline', target: '/bin/bash', func: 'readline' });
  });

  it('positional str($1)', () => {
    const p = ok('BEGIN { printf("Hello, %s!\\n", str($1)); }', ['world']);
    const call = (stmt(p) as Extract<Stmt, { kind: 'ExprStmt' }>).expr as Extract<Expr, { kind: 'Call' }>;
    expect(tn(call.args[1]!.type)).toBe('string[64]');
  });

  it('aggregations', () => {
    const p = ok('BEGIN { @x = stats(10); @x = stats(20); @y = avg(7); @z = min(-3); @w = max(9); exit(); }');
    expect(mapTypes(p)).toEqual({ '@x': '[] stats', '@y': '[] avg', '@z': '[] min', '@w': '[] max' });
  });

  it('ifs, ternaries, variables, compound assignment, ++/--, delete/clear/zero/print', () => {
    const p = ok(`BEGIN {
      $a = 1; $s = "ab";
      if ($a > 0) { $a += 2; } else if ($a == 0) { $a--; } else { $a = -1; }
      $t = $a ? 10 : 20;
      $u = pid > 1 ? "yes" : "no";
      @x = 1; @x++; @y[1, "k"] = $a; @y[2, "k"] += 5; --@x;
      @c = count();
      @tup = (1, comm);
      print(@x); print(@c, 10, 2); print($a); zero(@c); delete(@y[1, "k"]); clear(@y);
      unroll(3) { $a++; }
      while ($a < 10) { $a++; if ($a == 5) { break; } continue; }
      exit();
    }`);
    expect(mapTypes(p)).toEqual({
      '@x': '[] int64', '@y': '[unsigned int64, string[2]] int64', '@c': '[] count', '@tup': '[] (int64,string[16])',
    });
  });
});
