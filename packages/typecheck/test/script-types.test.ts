// What the checker hands codegen about values: records with their members (the script's
// own structs), C-like tuple layout, positional parameter values, unroll counts, each
// variable's whole-probe type, positional parameters in attach points.
import { describe, it, expect } from 'vitest';
import type { Expr, Stmt } from '@bpftrace-ts/parser';
import { checkSource } from './helpers.js';

function ok(src: string, params: string[] = []) {
  const r = checkSource(src, { params });
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.program!;
}

/** The first expression statement's or assignment's value in probe 0. */
const firstValue = (s: Stmt): Expr => (s.kind === 'ExprStmt' ? s.expr : (s as { value: Expr }).value);

describe('records carry their members', () => {
  it('a script struct read by value has offsets, nested records, arrays and bitfields', () => {
    const p = ok('struct S { char a[3]; struct { short s } in; int n[2]; unsigned int x:3, y:5 } BEGIN { @v = *(struct S *)0; }');
    const t = p.maps.get('@v')!.value;
    expect(t.tag).toBe('record');
    if (t.tag !== 'record') return;
    expect(t.size).toBe(20);
    expect(t.align).toBe(4);
    expect(t.fields!.map((f) => [f.name, f.offset, f.bitOffset, f.bitSize])).toEqual([
      ['a', 0, undefined, undefined], ['in', 4, undefined, undefined], ['n', 8, undefined, undefined], ['x', 16, 0, 3], ['y', 16, 3, 5]]);
    const inner = t.fields![1]!.type;
    expect(inner.tag === 'record' && inner.fields!.map((f) => [f.name, f.offset])).toEqual([['s', 0]]);
    expect(t.fields![2]!.type).toEqual({ tag: 'array', elem: { tag: 'int', bits: 32, signed: true }, count: 2 });
  });

  it('`->` gives the pointer\'s record its members; a pointer nobody follows keeps none', () => {
    const p = ok('struct L { struct L *next; int v } BEGIN { $l = (struct L *)0; @x = $l->v; @y = $l; }');
    const body = p.probes[0]!.probe.body;
    const read = firstValue(body[1]!);
    expect(read.kind).toBe('FieldAccess');
    const base = read.kind === 'FieldAccess' ? read.expr.type : undefined;
    expect(base?.tag === 'pointer' && base.to.tag === 'record' && base.to.fields?.map((f) => f.name)).toEqual(['next', 'v']);
    const next = base?.tag === 'pointer' && base.to.tag === 'record' ? base.to.fields![0]!.type : undefined;
    expect(next?.tag === 'pointer' && next.to.tag === 'record' && next.to.fields).toBeUndefined();
  });
});

describe('sizes', () => {
  it('tuples are laid out as C structs', () => {
    const p = ok('BEGIN { $a = ((int8)1, (int64)1, (int8)1, (int64)1); $b = ((int32)1, (int16)1, (int8)1); $c = ((int8)1, "ab", (int16)1); @ = (sizeof($a), sizeof($b), sizeof($c)); }');
    const t = firstValue(p.probes[0]!.probe.body[3]!);
    expect(t.kind === 'Tuple' && t.elems.map((e) => (e.kind === 'Sizeof' ? e.size : -1))).toEqual([32, 8, 6]);
  });

  it('sizeof a script struct and of a record in a tuple (the record\'s alignment)', () => {
    const p = ok('struct F { int m; int n } BEGIN { @ = (sizeof(struct F), sizeof(((int32)1, *(struct F *)0))); }');
    const t = firstValue(p.probes[0]!.probe.body[0]!);
    expect(t.kind === 'Tuple' && t.elems.map((e) => (e.kind === 'Sizeof' ? e.size : -1))).toEqual([8, 12]);
  });
});

describe('positional parameters', () => {
  it('take strtoll base-0 values: decimal, 0x hex, 0 octal', () => {
    const p = ok('BEGIN { @ = ($1, $2, $3, $4); }', ['123', '0775', '0x1f', '-8']);
    const t = firstValue(p.probes[0]!.probe.body[0]!);
    expect(t.kind === 'Tuple' && t.elems.map((e) => (e.kind === 'PositionalParam' ? e.value : undefined))).toEqual([123n, 509n, 31n, -8n]);
  });

  it('unroll($1) gets its count', () => {
    const p = ok('BEGIN { $a = 1; unroll($1) { $a++; } }', ['7']);
    const u = p.probes[0]!.probe.body[1]!;
    expect(u.kind === 'Unroll' && u.times).toBe(7);
  });

  it('inside str(), `$1 + N` is the text from byte N on', () => {
    const p = ok('BEGIN { @ = str($1 + 1); }', ['hello']);
    const call = firstValue(p.probes[0]!.probe.body[0]!);
    expect(call.kind === 'Call' && call.args[0]!.type).toEqual({ tag: 'string', size: 5 });
  });

  it('stand for their text in attach points', () => {
    const p = ok('BEG$1 { } i:ms:$2 { }', ['IN', '5']);
    expect(p.probes.map((x) => x.attach.map((a) => a.name))).toEqual([['BEGIN'], ['interval:ms:5']]);
  });
});

describe('arrays', () => {
  it('a literal index past the end is an error', () => {
    const r = checkSource('struct A { int x[4]; } BEGIN { $a = (struct A *)0; @ = $a->x[5]; }');
    expect(r.diagnostics.map((d) => d.message)).toEqual(['the index 5 is out of bounds for array of size 4']);
  });
});

describe('variables', () => {
  it('a string variable\'s whole-probe type is its longest assignment', () => {
    const p = ok('BEGIN { $a = ""; if (1) { $a = "hello"; } $n = (int8)1; }');
    expect(p.probes[0]!.vars!.get('$a')).toEqual({ tag: 'string', size: 6 });
    expect(p.probes[0]!.vars!.get('$n')).toEqual({ tag: 'int', bits: 8, signed: true });
  });
});

describe('uaddr() points at an int of the symbol\'s size (bpftrace 0.17)', () => {
  const derefType = (sizes: Record<string, number> | undefined, sym: string) => {
    const r = checkSource(`uprobe:/bin/prog:f { @ = *uaddr("${sym}"); }`,
      sizes ? { userSymbolSize: (target, name) => (target === '/bin/prog' ? sizes[name] : undefined) } : {});
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    // (the expression's type: a map would widen it to 64 bits)
    return firstValue(r.program!.probes[0]!.probe.body[0]!).type;
  };
  it('1, 2 and 4 bytes: int8, int16, int32; any other size: int64', () => {
    const sizes = { c: 1, s: 2, i: 4, l: 8, big: 40 };
    expect(derefType(sizes, 'c')).toEqual({ tag: 'int', bits: 8, signed: true });
    expect(derefType(sizes, 's')).toEqual({ tag: 'int', bits: 16, signed: true });
    expect(derefType(sizes, 'i')).toEqual({ tag: 'int', bits: 32, signed: true });
    expect(derefType(sizes, 'l')).toEqual({ tag: 'int', bits: 64, signed: true });
    expect(derefType(sizes, 'big')).toEqual({ tag: 'int', bits: 64, signed: true });
  });
  it('without a way to read the binary (lint): int64', () => {
    expect(derefType(undefined, 'i')).toEqual({ tag: 'int', bits: 64, signed: true });
  });
});

describe('BPFTRACE_STRLEN (CheckOptions.strlen) sizes strings read from memory', () => {
  const mapType = (src: string, strlen?: number) => {
    const r = checkSource(src, strlen === undefined ? {} : { strlen });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    return r.program!.maps.get('@')!.value;
  };
  it('str() results: 64 bytes by default, else the option', () => {
    expect(mapType('BEGIN { @ = str(0); }')).toEqual({ tag: 'string', size: 64 });
    expect(mapType('BEGIN { @ = str(0); }', 8)).toEqual({ tag: 'string', size: 8 });
    expect(mapType('BEGIN { @ = str(0, 3); }', 8)).toEqual({ tag: 'string', size: 8 });
  });
  it('literals keep their own size', () => {
    expect(mapType('BEGIN { @ = "literal longer than four"; }', 4)).toEqual({ tag: 'string', size: 25 });
  });
  it('buf(): at most the string size; without a length, an array\'s own bytes', () => {
    expect(mapType('BEGIN { @ = buf(0, 100); }', 8)).toEqual({ tag: 'special', kind: 'buffer', size: 9 });
    expect(mapType('BEGIN { @ = buf(0, 4); }', 8)).toEqual({ tag: 'special', kind: 'buffer', size: 5 });
    expect(mapType('struct S { int d[4]; } BEGIN { @ = buf(((struct S *)0)->d); }')).toEqual({ tag: 'special', kind: 'buffer', size: 17 });
    expect(mapType('struct S { int d[4]; } BEGIN { @ = buf(((struct S *)0)->d); }', 8)).toEqual({ tag: 'special', kind: 'buffer', size: 9 });
  });
  it('the buf() shortening warning names the size', () => {
    const r = checkSource('BEGIN { @ = buf(0, 100); }', { strlen: 8 });
    expect(r.diagnostics.map((d) => d.message)).toEqual(['buf() length is too long and will be shortened to 8 bytes (see BPFTRACE_STRLEN)']);
  });
});

describe('--include (CheckOptions.headers.extra) makes a header\'s constants known, as #include does', () => {
  it('errno.h: EPERM, ENOTSUP', () => {
    const r = checkSource('BEGIN { @a = EPERM; @b = ENOTSUP; }', { headers: { extra: ['errno.h'] } });
    expect(r.diagnostics).toEqual([]);
    expect(checkSource('#include <errno.h>\nBEGIN { @a = EPERM; }').diagnostics).toEqual([]);
    expect(checkSource('BEGIN { @a = EPERM; }').diagnostics.map((d) => d.message)).toEqual(["Unknown identifier: 'EPERM'"]);
  });
});
