import { describe, expect, it } from 'vitest';
import { parse, type Expr, type Program, type Stmt } from '../src/index.js';

function ok(src: string): Program {
  const r = parse(src);
  expect(r.diagnostics, src).toEqual([]);
  return r.ast!;
}
const body = (src: string): Stmt[] => ok(`BEGIN { ${src} }`).probes[0]!.body;
const expr = (src: string): Expr => {
  const s = body(`$r = ${src};`)[0]!;
  if (s.kind !== 'AssignVar') throw new Error('not an assignment');
  return s.value;
};

describe('attach points', () => {
  const cases: [string, string, string[]][] = [
    ['BEGIN', 'BEGIN', []],
    ['end', 'end', []],
    ['kprobe:f', 'kprobe', ['f']],
    ['kprobe:f+0x10', 'kprobe', ['f+0x10']],
    ['kretprobe:f', 'kretprobe', ['f']],
    ['uprobe:/bin/bash:readline', 'uprobe', ['/bin/bash', 'readline']],
    ['uprobe:libc:malloc', 'uprobe', ['libc', 'malloc']],
    ['uprobe:testprogs/uprobe_test:f', 'uprobe', ['testprogs/uprobe_test', 'f']],  // relative path, as bpftrace lexes it
    // A relative path without ./ (bpftrace's lexer takes `dir/prog` before a `:` as a path).
    ['uprobe:testprogs/uprobe_test:function2', 'uprobe', ['testprogs/uprobe_test', 'function2']],
    ['usdt:a/b/c:ns:probe', 'usdt', ['a/b/c', 'ns', 'probe']],
    ['uprobe:/path:0x1234', 'uprobe', ['/path', '0x1234']],
    ['ur:/bin/bash:readline', 'ur', ['/bin/bash', 'readline']],
    ['usdt:/path:ns:probe', 'usdt', ['/path', 'ns', 'probe']],
    ['usdt:/path:probe', 'usdt', ['/path', 'probe']],
    ['tracepoint:cat:event', 'tracepoint', ['cat', 'event']],
    ['t:syscalls:sys_enter_*', 't', ['syscalls', 'sys_enter_*']],
    ['rawtracepoint:x', 'rawtracepoint', ['x']],
    ['software:faults:1', 'software', ['faults', '1']],
    ['software:cpu-clock:', 'software', ['cpu-clock', '']],
    ['hardware:cache-misses:1000000', 'hardware', ['cache-misses', '1000000']],
    ['profile:hz:99', 'profile', ['hz', '99']],
    ['profile:ms:10', 'profile', ['ms', '10']],
    ['interval:s:1', 'interval', ['s', '1']],
    ['watchpoint:0x1234:8:rw', 'watchpoint', ['0x1234', '8', 'rw']],
    ['kfunc:vfs_read', 'kfunc', ['vfs_read']],
    ['fentry:vmlinux:vfs_read', 'fentry', ['vmlinux', 'vfs_read']],
    ['iter:task', 'iter', ['task']],
    ['k*:*read*', 'k*', ['*read*']],
    ['uprobe:"/path with space":f', 'uprobe', ['/path with space', 'f']],
    ['uprobe:./a.out:main', 'uprobe', ['./a.out', 'main']],
    // A probe whose name has quotes in it (bpftrace's usdt_quoted_probe test program).
    ['usdt:./p:test:"\\"probe1\\""', 'usdt', ['./p', 'test', '"probe1"']],
  ];
  for (const [raw, provider, parts] of cases) {
    it(raw, () => {
      const ap = ok(`${raw} { }`).probes[0]!.attachPoints[0]!;
      expect(ap).toMatchObject({ kind: 'AttachPoint', raw, provider, parts });
      expect(ap.range.start.offset).toBe(0);
      expect(ap.range.end.offset).toBe(raw.length);
    });
  }
  it('several per probe, across lines, trailing comma', () => {
    const p = ok('kprobe:a,\n  kprobe:b ,kretprobe:c, { }').probes[0]!;
    expect(p.attachPoints.map((a) => a.raw)).toEqual(['kprobe:a', 'kprobe:b', 'kretprobe:c']);
    expect(p.attachPoints[1]!.range.start).toEqual({ line: 2, column: 3, offset: 12 });
  });
  it('predicate with division', () => {
    const p = ok('kprobe:f /$1 / 2 == pid/ { }').probes[0]!;
    expect(p.predicate).toMatchObject({ kind: 'Binary', op: '==' });
  });
  it('predicate right after a name: `/` without a `:` after it starts the predicate', () => {
    const p = ok('kprobe:f/pid == 1/ { }').probes[0]!;
    expect(p.attachPoints[0]!.parts).toEqual(['f']);
    expect(p.predicate).toMatchObject({ kind: 'Binary', op: '==' });
  });
  it('predicate after a path', () => {
    const p = ok('uprobe:/bin/bash:readline /pid/ { }').probes[0]!;
    expect(p.attachPoints[0]!.parts).toEqual(['/bin/bash', 'readline']);
    expect(p.predicate).toMatchObject({ kind: 'Builtin', name: 'pid' });
  });
});

describe('top level', () => {
  it('keeps #include, #define and C definitions', () => {
    const p = ok('#include <linux/sched.h>\n#define X 1\nstruct foo { int a; struct { int b; } c; };\nunion u { int a; }\nenum e { A, B };\nBEGIN { }');
    expect(p.preprocessor.map((x) => x.text)).toEqual(['#include <linux/sched.h>', '#define X 1']);
    expect(p.definitions.map((d) => d.text)).toEqual([
      'struct foo { int a; struct { int b; } c; };',
      'union u { int a; }',
      'enum e { A, B };',
    ]);
  });
  it('comments anywhere', () => {
    const p = ok('// c\nBEGIN /* x */ { /* y */ @a = 1; // z\n }');
    expect(p.probes[0]!.body).toHaveLength(1);
  });
});

describe('statements', () => {
  it('assignments and compound operators', () => {
    const ops = ['=', '+=', '-=', '*=', '/=', '%=', '&=', '|=', '^=', '<<=', '>>='];
    for (const op of ops) {
      expect(body(`$x ${op} 1; @m[1, 2] ${op} 2`)).toMatchObject([
        { kind: 'AssignVar', op, variable: { name: '$x' } },
        { kind: 'AssignMap', op, map: { name: '@m', keys: [{ value: 1n }, { value: 2n }] } },
      ]);
    }
  });
  it('if / else if / else', () => {
    const [s] = body('if ($x) { @a = 1; } else if ($y) { @b = 1 } else { @c = 1 }');
    expect(s).toMatchObject({ kind: 'If', else: [{ kind: 'If', else: [{ kind: 'AssignMap' }] }] });
  });
  it('loops and jumps', () => {
    expect(body('unroll(3) { @a++ } while ($i < 3) { $i++; if ($i == 2) { break } continue; } return')).toMatchObject([
      { kind: 'Unroll', count: { value: 3n } },
      { kind: 'While', body: [{ kind: 'ExprStmt' }, { kind: 'If' }, { kind: 'Jump', which: 'continue' }] },
      { kind: 'Jump', which: 'return' },
    ]);
  });
  it('inc/dec', () => {
    expect(body('$x++; ++$x; @m--; --@m[1]')).toMatchObject([
      { expr: { kind: 'Unary', op: '++', postfix: true } },
      { expr: { kind: 'Unary', op: '++', postfix: false } },
      { expr: { kind: 'Unary', op: '--', postfix: true, operand: { kind: 'Map' } } },
      { expr: { kind: 'Unary', op: '--', postfix: false, operand: { keys: [{}] } } },
    ]);
  });
});

describe('expressions', () => {
  it('precedence like C', () => {
    expect(expr('1 + 2 * 3')).toMatchObject({ op: '+', right: { op: '*' } });
    expect(expr('1 << 2 + 3')).toMatchObject({ op: '<<', right: { op: '+' } });
    expect(expr('a || b && c | d ^ e & f == g < h')).toMatchObject({
      op: '||', right: { op: '&&', right: { op: '|', right: { op: '^', right: { op: '&', right: { op: '==', right: { op: '<' } } } } } },
    });
    expect(expr('1 - 2 - 3')).toMatchObject({ op: '-', left: { op: '-' } });
    expect(expr('$a ? 1 : $b ? 2 : 3')).toMatchObject({ kind: 'Ternary', else: { kind: 'Ternary' } });
    expect(expr('$a <= 1 != $b >= 2')).toMatchObject({ op: '!=', left: { op: '<=' }, right: { op: '>=' } });
  });
  it('unary, casts, negative literals', () => {
    expect(expr('!~-*$p')).toMatchObject({ op: '!', operand: { op: '~', operand: { op: '-', operand: { op: '*' } } } });
    expect(expr('&$x')).toMatchObject({ kind: 'Unary', op: '&' });
    expect(expr('-1')).toMatchObject({ kind: 'Integer', value: -1n });
    expect(expr('-(1)')).toMatchObject({ kind: 'Unary', op: '-' });
    expect(expr('(int8)$x')).toMatchObject({ kind: 'Cast', typeName: { base: 'int8', pointerDepth: 0 } });
    expect(expr('(struct task_struct *)curtask')).toMatchObject({
      kind: 'Cast', typeName: { base: 'struct task_struct', pointerDepth: 1 }, expr: { kind: 'Builtin', name: 'curtask' },
    });
    expect(expr('(uint8[4])$x')).toMatchObject({ kind: 'Cast', typeName: { base: 'uint8', arrayLength: 4 } });
    expect(expr('(a * b)')).toMatchObject({ kind: 'Binary', op: '*' });
  });
  it('postfix: fields, arrows, index, tuples', () => {
    expect(expr('curtask->parent->pid')).toMatchObject({ kind: 'FieldAccess', arrow: true, field: 'pid', expr: { arrow: true, field: 'parent' } });
    expect(expr('args.filename')).toMatchObject({ field: 'filename', arrow: false, expr: { kind: 'Builtin', name: 'args' } });
    expect(expr('$t.0')).toMatchObject({ kind: 'FieldAccess', field: '0' });
    expect(expr('$a[1][2]')).toMatchObject({ kind: 'ArrayAccess', expr: { kind: 'ArrayAccess' } });
    expect(expr('(1, "a", $x)')).toMatchObject({ kind: 'Tuple', elems: [{}, {}, {}] });
  });
  it('calls, builtins, identifiers, positional', () => {
    expect(expr('kstack(perf, 3)')).toMatchObject({ kind: 'Call', name: 'kstack', args: [{ kind: 'Identifier', name: 'perf' }, { value: 3n }] });
    expect(expr('count()')).toMatchObject({ kind: 'Call', name: 'count', args: [] });
    for (const b of ['pid', 'tid', 'uid', 'gid', 'comm', 'nsecs', 'elapsed', 'cpu', 'probe', 'func', 'args', 'arg0', 'arg12', 'sarg3', 'retval', 'curtask', 'rand', 'cgroup', 'username', 'ctx', 'kstack', 'ustack', 'cpid', 'numaid', 'jiffies']) {
      expect(expr(b)).toMatchObject({ kind: 'Builtin', name: b });
    }
    expect(expr('SOME_ENUM')).toMatchObject({ kind: 'Identifier', name: 'SOME_ENUM' });
    expect(expr('$1')).toMatchObject({ kind: 'PositionalParam', index: 1 });
    expect(expr('$#')).toMatchObject({ kind: 'PositionalCount' });
    expect(expr('@')).toMatchObject({ kind: 'Map', name: '@', keys: [] });
  });
  it('sizeof and offsetof', () => {
    expect(expr('sizeof(struct task_struct)')).toMatchObject({ kind: 'Sizeof', arg: { kind: 'TypeName', base: 'struct task_struct' } });
    expect(expr('sizeof(uint32)')).toMatchObject({ arg: { kind: 'TypeName', base: 'uint32' } });
    expect(expr('sizeof(u64)')).toMatchObject({ arg: { kind: 'TypeName', base: 'u64' } });
    expect(expr('sizeof($x)')).toMatchObject({ arg: { kind: 'Variable' } });
    expect(expr('offsetof(struct foo, a.b)')).toMatchObject({ kind: 'Offsetof', typeName: { base: 'struct foo' }, field: 'a.b' });
  });
  it('integer literals', () => {
    const v = (s: string) => (expr(s) as { value: bigint }).value;
    expect(v('0x1F')).toBe(31n);
    expect(v('010')).toBe(8n);
    expect(v('1_000_000')).toBe(1000000n);
    expect(v('1e3')).toBe(1000n);
    expect(v('5ULL')).toBe(5n);
    expect(v('18446744073709551615')).toBe(18446744073709551615n);
    for (const bad of ['1s', '5us', '0x1_0', '08', '1ms']) expect(parse(`BEGIN { $x = ${bad}; }`).diagnostics.length, bad).toBeGreaterThan(0);
    expect(parse('BEGIN { $x = 18446744073709551616; }').diagnostics[0]!.message).toBe('stoull');
  });
  it('string escapes', () => {
    expect(expr('"a\\n\\t\\"\\\\\\x41\\101\\r"')).toMatchObject({ kind: 'String', value: 'a\n\t"\\AA\r' });
    expect(parse('BEGIN { $x = "\\q"; }').diagnostics[0]!.message).toBe("invalid escape character '\\q'");
  });
});

describe('ranges', () => {
  it('are 1-based, end-exclusive, with 0-based offsets', () => {
    const src = 'BEGIN {\n  @x[pid] = count();\n}';
    const s = ok(src).probes[0]!.body[0]!;
    expect(s.range).toEqual({ start: { line: 2, column: 3, offset: 10 }, end: { line: 2, column: 20, offset: 27 } });
    if (s.kind !== 'AssignMap') throw new Error();
    expect(src.slice(s.map.range.start.offset, s.map.range.end.offset)).toBe('@x[pid]');
    expect(src.slice(s.value.range.start.offset, s.value.range.end.offset)).toBe('count()');
  });
});

describe('parse is total', () => {
  it('returns diagnostics with the file name', () => {
    const r = parse('BEGIN { @x = }', { file: 'a.bt' });
    expect(r.ast).toBeUndefined();
    expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'parse/syntax', file: 'a.bt' });
  });
  it('empty source is an empty program', () => {
    expect(parse('').ast?.probes).toEqual([]);
  });
});
