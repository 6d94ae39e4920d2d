// BTF reader tests against this machine's vmlinux, with `bpftool -j btf dump` as the oracle:
// expected values are derived from bpftool's decoding, never typed in.
import { describe, expect, it } from 'vitest';
import { parseBtf, anonRecordName, type Btf, type CType } from '@bpftrace-ts/typecheck';
import { bpftoolTypes, vmlinuxBytes, type BpftoolType } from './machine.js';

const bytes = vmlinuxBytes();
const oracle = bytes ? bpftoolTypes() : undefined;
const btf: Btf | undefined = bytes && parseBtf(bytes);

/** The CType bpftool's view of type `id` should map to (same rules as the reader). */
function expectedCType(types: BpftoolType[], id: number, depth = 0): CType {
  const t = types[id];
  if (!t || depth > 64) return { kind: 'void' };
  switch (t.kind) {
    case 'INT': return t.encoding === 'BOOL' ? { kind: 'bool' } : { kind: 'int', name: t.name, size: t.size!, signed: t.encoding === 'SIGNED' };
    case 'PTR': return { kind: 'pointer', to: expectedCType(types, t.type_id!, depth + 1) };
    case 'ARRAY': return { kind: 'array', elem: expectedCType(types, t.type_id!, depth + 1), count: t.nr_elems! };
    case 'STRUCT': case 'UNION': return { kind: 'record', union: t.kind === 'UNION', name: t.name === '(anon)' ? anonRecordName(id) : t.name };
    case 'FWD': return { kind: 'record', union: (t as { fwd_kind?: string }).fwd_kind === 'union', name: t.name };
    case 'ENUM': case 'ENUM64': return { kind: 'enum', name: t.name === '(anon)' ? '' : t.name, size: t.size! };
    case 'TYPEDEF': case 'CONST': case 'VOLATILE': case 'RESTRICT': case 'TYPE_TAG': return expectedCType(types, t.type_id!, depth + 1);
    case 'FUNC': case 'FUNC_PROTO': return { kind: 'func' };
    case 'FLOAT': return { kind: 'array', elem: { kind: 'int', name: 'u8', size: 1, signed: false }, count: t.size! };
    default: return { kind: 'void' };
  }
}

describe.skipIf(!btf || !oracle)('parseBtf on /sys/kernel/btf/vmlinux', () => {
  const types = oracle!;

  it('counts the same types as bpftool', () => {
    expect(btf!.typeCount).toBe(types.length);
  });

  it('task_struct: pid and comm as bpftool reports them', () => {
    const ts = types.find((t) => t?.kind === 'STRUCT' && t.name === 'task_struct')!;
    const rec = btf!.record('task_struct')!;
    expect(rec.size).toBe(ts.size);
    for (const name of ['pid', 'comm']) {
      const m = ts.members!.find((x) => x.name === name)!;
      const f = rec.fields.find((x) => x.name === name)!;
      expect(f.offset).toBe(m.bits_offset / 8);
      expect(f.type).toEqual(expectedCType(types, m.type_id));
    }
    expect(rec.fields.find((f) => f.name === 'pid')!.type).toMatchObject({ kind: 'int', size: 4, signed: true });
    expect(rec.fields.find((f) => f.name === 'comm')!.type).toMatchObject({ kind: 'array', count: 16, elem: { kind: 'int', size: 1 } });
  });

  it('every named member of every struct and union matches bpftool (offsets, bitfields, types)', () => {
    // Duplicate names: the reader keeps the first definition (one with members if any).
    const chosen = new Map<string, number>();
    for (const t of types) {
      if (!t || (t.kind !== 'STRUCT' && t.kind !== 'UNION') || t.name === '(anon)') continue;
      const prev = chosen.get(t.name);
      if (prev === undefined || (types[prev]!.vlen === 0 && t.vlen! > 0)) chosen.set(t.name, t.id);
    }
    const actual: unknown[] = [], expected: unknown[] = [];
    for (const t of types) {
      if (!t || (t.kind !== 'STRUCT' && t.kind !== 'UNION')) continue;
      if (t.name !== '(anon)' && chosen.get(t.name) !== t.id) continue;
      const name = t.name === '(anon)' ? anonRecordName(t.id) : t.name;
      const rec = btf!.record(name)!;
      actual.push([name, rec.size]); expected.push([name, t.size]);
      const byName = new Map(rec.fields.map((f) => [f.name, f]));
      for (const m of t.members!) {
        if (m.name === '(anon)') continue;
        const f = byName.get(m.name);
        actual.push(f && [name, m.name, f.offset * 8 + (f.bitOffset ?? 0), f.bitSize, f.type]);
        expected.push([name, m.name, m.bits_offset, m.bitfield_size || undefined, expectedCType(types, m.type_id)]);
      }
    }
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThan(50_000);
  });

  it('lifts members of anonymous struct/union members into the record', () => {
    // Find a record with an anonymous member and check its inner fields are reachable.
    const outer = types.find((t) => t?.kind === 'STRUCT' && t.name !== '(anon)' &&
      t.members!.some((m) => m.name === '(anon)' && types[m.type_id]?.kind === 'UNION' &&
        types[m.type_id]!.members!.some((x) => x.name !== '(anon)')))!;
    const anon = outer.members!.find((m) => m.name === '(anon)' && types[m.type_id]?.kind === 'UNION')!;
    const inner = types[anon.type_id]!.members!.find((x) => x.name !== '(anon)')!;
    const f = btf!.record(outer.name)!.fields.find((x) => x.name === inner.name)!;
    expect(f.offset * 8 + (f.bitOffset ?? 0)).toBe(anon.bits_offset + inner.bits_offset);
  });

  it('enum values match bpftool for every enumerator', () => {
    const firstByName = new Map<string, number>();
    for (const t of types) {
      if (t?.kind !== 'ENUM' && t?.kind !== 'ENUM64') continue;
      for (const v of t.values!) if (!firstByName.has(v.name)) firstByName.set(v.name, v.val);
    }
    let checked = 0;
    for (const [name, val] of firstByName) {
      if (!Number.isSafeInteger(val)) continue; // JSON.parse loses precision above 2^53
      expect(btf!.enumValue(name), name).toBe(BigInt(val));
      checked++;
    }
    expect(checked).toBeGreaterThan(10_000);
    expect(btf!.enumValue('no_such_enumerator_xyz')).toBeUndefined();
  });

  it('typedefs resolve as bpftool says', () => {
    for (const name of ['pid_t', 'u64', 'size_t', 'gfp_t', 'atomic_t', 'cpumask_t']) {
      const td = types.find((t) => t?.kind === 'TYPEDEF' && t.name === name)!;
      expect(btf!.typedef(name), name).toEqual(expectedCType(types, td.type_id!));
    }
    expect(btf!.typedef('pid_t')).toMatchObject({ kind: 'int', size: 4, signed: true });
  });

  it('function prototypes match bpftool (vfs_read and every FUNC)', () => {
    const seen = new Set<string>();
    const actual: unknown[] = [], expected: unknown[] = [];
    for (const t of types) {
      if (t?.kind !== 'FUNC' || seen.has(t.name)) continue;
      seen.add(t.name);
      const proto = types[t.type_id!]!;
      const fp = btf!.func(t.name)!;
      const params = proto.params!.filter((p) => !(p.type_id === 0 && p.name === '(anon)'));
      actual.push([t.name, fp.params, fp.ret]);
      expected.push([t.name, params.map((p) => ({ name: p.name === '(anon)' ? '' : p.name, type: expectedCType(types, p.type_id) })),
        expectedCType(types, (proto as { ret_type_id?: number }).ret_type_id!)]);
    }
    expect(actual).toEqual(expected);
    expect(actual.length).toBeGreaterThan(10_000);
    const vfsRead = btf!.func('vfs_read')!;
    expect(vfsRead.params.map((p) => p.name)).toEqual(['file', 'buf', 'count', 'pos']);
    expect(vfsRead.params[0]!.type).toEqual({ kind: 'pointer', to: { kind: 'record', union: false, name: 'file' } });
  });

  it('typeById covers every kind without throwing', () => {
    for (let id = 0; id < btf!.typeCount; id++) btf!.typeById(id);
  });
});

describe('parseBtf on bad input', () => {
  it('rejects a bad magic and truncated sections with an Error', () => {
    expect(() => parseBtf(new Uint8Array(32))).toThrow(/magic/);
    if (bytes) expect(() => parseBtf(bytes.subarray(0, 1000))).toThrow(/BTF/);
  });
});
