// Tracepoint format parsing: unit cases, then every format file of this machine.
import { describe, expect, it } from 'vitest';
import { parseTracepointFormat, parseFieldDecl } from '@bpftrace-ts/typecheck';
import { ensureTracefs, formatFiles, readText, TRACEFS } from './machine.js';

const u8 = { kind: 'int', name: 'char', size: 1, signed: false } as const;

describe('parseFieldDecl', () => {
  it('reads pointers, arrays, data_loc and widened syscall arguments', () => {
    expect(parseFieldDecl('const char * filename', 24, 8, false)).toEqual({
      name: 'filename', typeText: 'const char *', offset: 24, size: 8, signed: false,
      type: { kind: 'pointer', to: u8 },
    });
    expect(parseFieldDecl('char comm[16]', 8, 16, false)).toMatchObject({
      name: 'comm', typeText: 'char[16]', type: { kind: 'array', elem: u8, count: 16 },
    });
    expect(parseFieldDecl('__data_loc char[] name', 8, 4, false)).toMatchObject({
      name: 'name', typeText: '__data_loc char[]', dataLoc: true, type: { kind: 'array', elem: u8, count: 0 },
    });
    // "int dfd; size:8": the kernel widens syscall args; read as bpftrace 0.17 does (s64, u64).
    expect(parseFieldDecl('int dfd', 16, 8, false)!.type).toEqual({ kind: 'int', name: 's64', size: 8, signed: true });
    expect(parseFieldDecl('unsigned int flags', 16, 8, false)!.type).toEqual({ kind: 'int', name: 'u64', size: 8, signed: false });
    expect(parseFieldDecl('umode_t mode', 16, 8, false)!.type).toEqual({ kind: 'int', name: 'umode_t', size: 2, signed: false });
    expect(parseFieldDecl('size_t count', 16, 8, false)!.type).toEqual({ kind: 'int', name: 'size_t', size: 8, signed: false });
    expect(parseFieldDecl('const char *const * argv', 16, 8, false)!.type)
      .toEqual({ kind: 'pointer', to: { kind: 'pointer', to: u8 } });
    expect(parseFieldDecl('struct sockaddr * uaddr', 16, 8, false)!.type)
      .toEqual({ kind: 'pointer', to: { kind: 'record', union: false, name: 'sockaddr' } });
    expect(parseFieldDecl('void __seg_gs * p', 16, 8, false)!.type).toEqual({ kind: 'pointer', to: { kind: 'void' } });
    expect(parseFieldDecl('unsigned long args[6]', 16, 48, false)!.type)
      .toEqual({ kind: 'array', elem: { kind: 'int', name: 'unsigned long', size: 8, signed: false }, count: 6 });
    expect(parseFieldDecl('u32 buf[]', 16, 0, false)!.type).toMatchObject({ kind: 'array', count: 0, elem: { size: 4 } });
    expect(parseFieldDecl('bool ok', 16, 1, false)!.type).toEqual({ kind: 'bool' });
    expect(parseFieldDecl('enum zone_type zt', 16, 4, false)!.type).toEqual({ kind: 'enum', name: 'zone_type', size: 4 });
    expect(parseFieldDecl('xfs_ino_t ino', 16, 8, false)!.type).toEqual({ kind: 'int', name: 'xfs_ino_t', size: 8, signed: false });
  });

  it('asks the typedef resolver only for names it does not know', () => {
    const asked: string[] = [];
    const f = parseFieldDecl('siginfo_t * info', 16, 8, false, (n) => { asked.push(n); return { kind: 'record', union: false, name: 'kernel_siginfo' }; });
    expect(f!.type).toEqual({ kind: 'pointer', to: { kind: 'record', union: false, name: 'kernel_siginfo' } });
    parseFieldDecl('pid_t pid', 16, 4, true, (n) => { asked.push(n); return undefined; });
    expect(asked).toEqual(['siginfo_t']);
  });

  it('never throws on junk', () => {
    for (const junk of ['', ' ', '[]', '***', 'a[b]', '__data_loc', '1 2 3']) parseFieldDecl(junk, 0, 0, false);
    expect(parseTracepointFormat('garbage\n\tfield:;', 'a', 'b').fields).toEqual([]);
  });
});

const tracefs = ensureTracefs();
if (!tracefs) console.warn(`\n!!! SKIPPED tracepoint format files of this machine: ${TRACEFS}/events is not readable (needs root and tracefs) !!!\n`);

describe.skipIf(!tracefs)('every format file on this machine', () => {
  const files = tracefs ? formatFiles() : [];

  it('finds the syscall tracepoints', () => {
    expect(files.length).toBeGreaterThan(1000);
  });

  it('parses every field line of every file', () => {
    const problems: string[] = [];
    for (const { category, event, path } of files) {
      const text = readText(path) ?? '';
      const lines = text.split('\n').filter((l) => l.trim().startsWith('field:'));
      const fmt = parseTracepointFormat(text, category, event);
      if (fmt.fields.length !== lines.length) problems.push(`${category}:${event}: ${fmt.fields.length}/${lines.length}`);
      fmt.fields.forEach((f, i) => {
        const line = lines[i] ?? '';
        if (!line.includes(` ${f.name}`) || !line.includes(`offset:${f.offset};`) || !line.includes(`size:${f.size};`))
          problems.push(`${category}:${event}: ${line}`);
      });
      if (fmt.id === undefined) problems.push(`${category}:${event}: no ID`);
    }
    expect(problems).toEqual([]);
  });

  it('syscalls:sys_enter_openat', () => {
    const fmt = parseTracepointFormat(readText(`${TRACEFS}/events/syscalls/sys_enter_openat/format`)!, 'syscalls', 'sys_enter_openat');
    const by = Object.fromEntries(fmt.fields.map((f) => [f.name, f]));
    expect(Object.keys(by)).toEqual(['common_type', 'common_flags', 'common_preempt_count', 'common_pid',
      '__syscall_nr', 'dfd', 'filename', 'flags', 'mode']);
    expect(by['filename']).toMatchObject({ offset: 24, size: 8, typeText: 'const char *', type: { kind: 'pointer', to: u8 } });
    expect(by['common_pid']).toMatchObject({ offset: 4, size: 4, signed: true, type: { kind: 'int', size: 4, signed: true } });
  });

  it('sched:sched_switch has char[16] comms', () => {
    const fmt = parseTracepointFormat(readText(`${TRACEFS}/events/sched/sched_switch/format`)!, 'sched', 'sched_switch');
    expect(fmt.fields.find((f) => f.name === 'prev_comm')).toMatchObject({
      offset: 8, size: 16, typeText: 'char[16]', type: { kind: 'array', count: 16, elem: u8 },
    });
  });

  it('data_loc strings are marked', () => {
    const withLoc = files.map((f) => parseTracepointFormat(readText(f.path)!, f.category, f.event))
      .flatMap((fmt) => fmt.fields.filter((f) => f.typeText.startsWith('__data_loc')));
    expect(withLoc.length).toBeGreaterThan(0);
    for (const f of withLoc) expect(f).toMatchObject({ dataLoc: true, size: 4, type: { kind: 'array', count: 0 } });
  });
});
