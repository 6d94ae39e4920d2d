// uprobe targets' debug-info types (KernelInfo.binaryTypes, DWARF read by the host): `args->name`
// typed from the function's parameters, casts and members of the binary's structs, the
// script's own definitions first. The binary here is described in memory, as the runtime's
// DWARF reader describes a small C program; messages are bpftrace 0.17's.
import { describe, expect, it } from 'vitest';
import { parse } from '@bpftrace-ts/parser';
import { check, type BinaryTypes, type CType, type KernelInfo, type RecordInfo } from '../src/index.js';
import { fakeKernel } from './fake-kernel.js';
import { firstLine } from './helpers.js';

const INT: CType = { kind: 'int', name: 'int', size: 4, signed: true };
const CHAR: CType = { kind: 'int', name: 'char', size: 1, signed: true };
const FOO: RecordInfo = {
  name: 'Foo', union: false, size: 28, fields: [
    { name: 'a', offset: 0, type: INT },
    { name: 'b', offset: 4, type: { kind: 'array', elem: CHAR, count: 10 } },
    { name: 'c', offset: 16, type: { kind: 'array', elem: INT, count: 3 } },
  ],
};

/** What the runtime reads from a program like `int function1(int *n, char c)`, `struct Foo *function2(struct Foo *foo1)`. */
function program(lookups: string[]): BinaryTypes {
  return {
    hasDebugInfo: () => true,
    functionNames: () => ['function1', 'function2', 'function2b', 'byval'],
    func: (name) => {
      lookups.push(`func ${name}`);
      if (name === 'function1') return { name, ret: INT, params: [{ name: 'n', type: { kind: 'pointer', to: INT } }, { name: 'c', type: CHAR }] };
      if (name === 'byval') {
        const bytes: CType = { kind: 'array', elem: { kind: 'int', name: 'u8', size: 1, signed: false }, count: 8 };
        return { name, ret: INT, params: [{ name: 'p', type: { kind: 'record', union: false, name: 'Foo' } }, { name: 'd', type: bytes }] };
      }
      if (name === 'function2' || name === 'function2b') {
        const foo: CType = { kind: 'pointer', to: { kind: 'record', union: false, name: 'Foo' } };
        return { name, ret: foo, params: [{ name: 'foo1', type: foo }] };
      }
      return undefined;
    },
    record: (name) => { lookups.push(`record ${name}`); return name === 'Foo' ? FOO : undefined; },
    typedef: (name) => (name === 'foo_t' ? { kind: 'record', union: false, name: 'Foo' } : undefined),
  };
}

const NO_DEBUG: BinaryTypes = { hasDebugInfo: () => false, func: () => undefined, record: () => undefined, typedef: () => undefined };

function kernelWith(targets: Record<string, BinaryTypes>, asked: string[] = []): KernelInfo {
  return { ...fakeKernel(), binaryTypes: (t) => { asked.push(t); return targets[t]; } };
}

function checkWith(src: string, kernel: KernelInfo) {
  const { ast } = parse(src, { file: 'stdin' });
  return check(ast!, kernel, { params: [], file: 'stdin' });
}

describe('uprobe types from the binary\'s debug info', () => {
  it('types args->name by the parameter', () => {
    const r = checkWith('uprobe:/p:function1 { $c = args->c; $n = args->n; $v = *args->n; } uprobe:/p:function2 { $a = args->foo1->a; $b = args->foo1->b; $arr = args->foo1->c; }',
      kernelWith({ '/p': program([]) }));
    expect(r.diagnostics).toEqual([]);
    const [f1, f2] = r.program!.probes.map((p) => p.vars!);
    expect(f1!.get('$c')).toEqual({ tag: 'int', bits: 8, signed: true });
    expect(f1!.get('$n')).toMatchObject({ tag: 'pointer', to: { tag: 'int', bits: 32, signed: true } });
    expect(f1!.get('$v')).toEqual({ tag: 'int', bits: 32, signed: true });
    expect(f2!.get('$a')).toEqual({ tag: 'int', bits: 32, signed: true });
    // char[10] is a string, int[3] an array (bpftrace 0.17 prints `hello` and `[1,2,3]`)
    expect(f2!.get('$b')).toMatchObject({ tag: 'string', size: 10 });
    expect(f2!.get('$arr')).toMatchObject({ tag: 'array', count: 3, elem: { tag: 'int', bits: 32 } });
    // each probe reads its own function's layout
    expect(r.program!.probes.map((p) => p.perAttachPoint)).toEqual([true, true]);
  });

  it('refuses a parameter the function lacks, and args on a binary without debug info', () => {
    const k = kernelWith({ '/p': program([]), '/bin/true': NO_DEBUG });
    expect(checkWith('uprobe:/p:function1 { $x = args->nosuch; }', k).diagnostics.map(firstLine))
      .toEqual(["stdin:1:28-40: ERROR: Can't find function parameter nosuch"]);
    // Once, at the attach point, however many times args is used.
    expect(checkWith('uprobe:/bin/true:main { print(1); print(args->x); print(args->y); exit(); }', k).diagnostics.map(firstLine))
      .toEqual(['stdin:1:1-22: ERROR: No debuginfo found for /bin/true']);
  });

  it('refuses parameters passed by value as a struct or a float (bpftrace 0.17: "d has unsupported type")', () => {
    const k = kernelWith({ '/p': program([]) });
    expect(checkWith('uprobe:/p:byval { $x = args->d; }', k).diagnostics.map(firstLine))
      .toEqual(['stdin:1:24-31: ERROR: d has unsupported type']);
    expect(checkWith('uprobe:/p:byval { $x = args->p.a; }', k).diagnostics.map(firstLine))
      .toEqual(['stdin:1:24-31: ERROR: p has unsupported type']);
  });

  it('types a wildcard function by its matches, which must take the same parameters (0.17\'s rule)', () => {
    const k = kernelWith({ '/p': program([]) });
    const r = checkWith('uprobe:/p:function2* { $a = args->foo1->a; }', k);
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.probes[0]!.vars!.get('$a')).toEqual({ tag: 'int', bits: 32, signed: true });
    // function1 and function2 differ: reported once, at the attach point that mixes them.
    expect(checkWith('uprobe:/p:function* { $a = args->n; $b = args->c; }', k).diagnostics.map(firstLine))
      .toEqual(['stdin:1:1-20: ERROR: Probe has attach points with mixed arguments']);
    expect(checkWith('uprobe:/p:function2,uprobe:/p:function1 { $a = args->n; }', k).diagnostics.map(firstLine))
      .toEqual(['stdin:1:21-40: ERROR: Probe has attach points with mixed arguments']);
  });

  it('resolves casts to the binary\'s structs and typedefs', () => {
    const r = checkWith('uprobe:/p:function2 { $a = ((struct Foo *)arg0)->a; $s = ((foo_t *)arg0)->b; @z = sizeof(struct Foo); }',
      kernelWith({ '/p': program([]) }));
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.probes[0]!.vars!.get('$a')).toEqual({ tag: 'int', bits: 32, signed: true });
    expect(r.program!.probes[0]!.vars!.get('$s')).toMatchObject({ tag: 'string', size: 10 });
  });

  it('lets the script\'s own struct override the binary\'s', () => {
    // The binary's Foo has b at 4 as char[10]; the script's is an int at 0.
    const r = checkWith('struct Foo { int b; } uprobe:/p:function2 { $b = ((struct Foo *)arg0)->b; }', kernelWith({ '/p': program([]) }));
    expect(r.diagnostics).toEqual([]);
    expect(r.program!.probes[0]!.vars!.get('$b')).toEqual({ tag: 'int', bits: 32, signed: true });
  });

  it('reads only the uprobe targets of the script, and nothing for scripts without uprobes', () => {
    const asked: string[] = [];
    const lookups: string[] = [];
    const k = kernelWith({ '/p': program(lookups) }, asked);
    expect(checkWith('tracepoint:syscalls:sys_enter_openat { @ = count(); }', k).diagnostics).toEqual([]);
    expect(asked).toEqual([]);
    const r = checkWith('tracepoint:syscalls:sys_enter_openat { @x = ((struct Foo *)0)->a; }', k);
    expect(r.diagnostics.map(firstLine)[0]).toMatch(/Unknown struct\/union: 'struct Foo'/);
    expect(lookups).toEqual([]);
    checkWith('uprobe:/p:function1 { @ = count(); }', k);
    expect(asked).toContain('/p');
    // A target is asked for, but its DWARF is read only when a lookup needs it.
    expect(lookups).toEqual([]);
  });
});
