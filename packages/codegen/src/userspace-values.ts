// Values that the kernel side only tags and user space turns into text, as in
// bpftrace 0.17: strftime(fmt, ns) is {u64 format index; u64 ns} (the runtime
// adds the boot time and formats), cgroup_path(id[, filter]) is {u64 filter
// index; u64 id} (the runtime walks the cgroup mounts). The indexes point into
// Manifest.strftimeFormats / cgroupPathFilters. Also compile-time cgroupid(path)
// (through CodegenOptions.cgroupId: codegen itself reads no files) and macaddr().

import type { Call } from '@bpftrace-ts/parser';
import { readHelperFor } from './addrspace.js';
import type { ProbeCtx } from './context.js';
import { genExpr, typeOf } from './expressions.js';
import { callHelper } from './helpers.js';
import { I64, I8P, Value, i64 } from './ir-builder.js';
import { storeAs } from './layout.js';
import { zeroBuffer } from './maps.js';

const U64 = { type: 'int', size: 8, signed: false } as const;
export const MAC_SIZE = 6;

function intern(list: string[], s: string): number {
  const i = list.indexOf(s);
  return i >= 0 ? i : list.push(s) - 1;
}

function literal(e: Call, i: number): string | undefined {
  const a = e.args[i];
  return a?.kind === 'String' ? a.value : undefined;
}

/** A `{u64 index; u64 value}` pair, the layout of timestamp and cgroup_path. */
function tagged(p: ProbeCtx, index: number, value: Value, hint: string): Value {
  const buf = zeroBuffer(p.f, 16, hint);
  storeAs(p.f, buf, 0, i64(index), U64);
  storeAs(p.f, buf, 8, value, U64);
  return buf;
}

export function genStrftime(p: ProbeCtx, e: Call): Value {
  const index = intern(p.m.strftimeFormats, literal(e, 0) ?? '');
  return tagged(p, index, genExpr(p, e.args[1]), 'strftime');
}

export function genCgroupPath(p: ProbeCtx, e: Call): Value {
  // bpftrace's default filter matches every hierarchy.
  const index = intern(p.m.cgroupPathFilters, literal(e, 1) ?? '*');
  return tagged(p, index, genExpr(p, e.args[0]), 'cgroup_path');
}

/** cgroupid("/sys/fs/cgroup/..."): the path's cgroup id, a constant resolved by the caller. */
export function genCgroupId(p: ProbeCtx, e: Call): Value {
  const path = literal(e, 0) ?? '';
  const r = p.m.options.cgroupId?.(path) ?? { error: 'no cgroup resolver was given to the code generator' };
  if (typeof r === 'bigint') return i64(r);
  p.m.diagnostics.push({
    severity: 'error', code: 'codegen/cgroupid',
    message: `Failed to get \`cgroupid\` for path: ${JSON.stringify(path)}: ${r.error}`, range: e.range,
  });
  return i64(0);
}

/** macaddr(p): 6 bytes, from an array/string value or read through the pointer (its address space). */
export function genMacaddr(p: ProbeCtx, e: Call): Value {
  const f = p.f;
  const buf = zeroBuffer(f, MAC_SIZE, 'macaddr');
  const arg = e.args[0];
  const v = genExpr(p, arg);
  if (v.type === I8P) {
    const t = typeOf(p, arg);
    const have = t.tag === 'string' ? t.size : t.tag === 'array' ? t.count : MAC_SIZE;
    f.memcpy(buf, v, Math.min(have, MAC_SIZE));
    return buf;
  }
  callHelper(f, readHelperFor(p, arg), I64, [buf, i64(MAC_SIZE), f.cast('inttoptr', v, I8P)]);
  return buf;
}
