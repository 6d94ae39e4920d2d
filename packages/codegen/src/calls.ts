// Functions that produce a value: str, strncmp, ksym/usym, kstack/ustack, ntop,
// buf, bswap, reg, kptr/uptr, pton (strftime, cgroup_path, cgroupid, macaddr: userspace-values.ts). Symbolising is the runtime's job: ksym/usym
// evaluate to the address (usym with the pid next to it when its type has room).

import { readHelperFor } from './addrspace.js';
import type { Call, SizedType, Step } from '@bpftrace-ts/parser';
import { PT_REGS, pidValue } from './builtins.js';
import type { ProbeCtx } from './context.js';
import { unsupported } from './context.js';
import { gen, genExpr, typeOf } from './expressions.js';
import { callHelper } from './helpers.js';
import { readChecked } from './helper-errors.js';
import { I64, I8P, Value, i64, quoteName } from './ir-builder.js';
import { layoutOf, storeAs } from './layout.js';
import { layoutSize } from './manifest.js';
import { zeroBuffer } from './maps.js';
import { genStack } from './stacks.js';
import { constString, genStr, genStrcontains, genStrncmp } from './strings.js';
import { genCgroupId, genCgroupPath, genMacaddr, genStrftime } from './userspace-values.js';

const AF_INET = 2;
const AF_INET6 = 10;

/** A value-producing call, as a step; the functions that wrap one value nest without deepening the JS stack. */
export function* genCallValueS(p: ProbeCtx, e: Call): Step<Value> {
  const f = p.f;
  switch (e.name) {
    case 'str': return genStr(p, e);
    case 'strncmp': return genStrncmp(p, e);
    case 'strcontains': return genStrcontains(p, e);
    // strerror(): the errno itself; the runtime prints its text.
    case 'ksym': case 'kptr': case 'uptr': case 'strerror': return yield* gen(p, e.args[0]!);
    case 'usym': return genUsym(p, yield* gen(p, e.args[0]!), typeOf(p, e));
    case 'kstack': case 'ustack': return genStack(p, e);
    case 'reg': {
      const name = e.args[0]?.kind === 'String' ? e.args[0].value : '';
      const off = PT_REGS[name];
      if (off === undefined) break;
      return f.load(I64, f.bytePtr(p.ctx, off, I64), 8);
    }
    case 'bswap': return yield* genBswap(p, e);
    case 'ntop': return genNtop(p, e);
    case 'buf': return genBuf(p, e);
    case 'pton': return genPton(p, e);
    case 'kaddr': return genKaddr(p, e);
    case 'uaddr': return genUaddr(p, e);
    case 'strftime': return genStrftime(p, e);
    case 'cgroup_path': return genCgroupPath(p, e);
    case 'cgroupid': return genCgroupId(p, e);
    case 'macaddr': return genMacaddr(p, e);
  }
  unsupported(p.m, `function ${e.name}() as a value`, e.range);
  return i64(0);
}

/**
 * kaddr("sym"): the address of a kernel symbol, as a typeless `__ksym` extern that
 * libbpf resolves from /proc/kallsyms when it loads the object (an unknown symbol
 * fails the load, as bpftrace fails to compile).
 */
function genKaddr(p: ProbeCtx, e: Call): Value {
  const arg = e.args[0];
  const name = arg?.kind === 'String' ? arg.value : '';
  if (!/^[A-Za-z_][A-Za-z0-9_.]*$/.test(name)) {
    unsupported(p.m, `kaddr() of ${JSON.stringify(name)}`, e.range);
    return i64(0);
  }
  const m = p.m;
  m.ksyms ??= new Set();
  const ref = `@${quoteName(name)}`;
  if (!m.ksyms.has(name)) {
    if (m.mod.globals.some((g) => g.startsWith(`${ref} `))) {
      unsupported(m, `kaddr() of "${name}", a name the object already uses`, e.range);
      return i64(0);
    }
    m.ksyms.add(name);
    m.mod.addGlobal(`${ref} = external global i8, section ".ksyms", align 1, !dbg ${m.di.ksymVariable(name)}`);
  }
  return p.f.cast('ptrtoint', { type: I8P, ref }, I64);
}

/** uaddr("sym"): the symbol's value in the probe's binary, a constant (as bpftrace 0.17). */
function genUaddr(p: ProbeCtx, e: Call): Value {
  const arg = e.args[0];
  const name = arg?.kind === 'String' ? arg.value : '';
  const binary = p.attach[0]?.target ?? '';
  // Codegen reads no files: the caller resolves (the CLI with the runtime's ELF reader).
  const value = p.m.options.userSymbol?.(binary, name);
  if (value === undefined || value === 0n) {
    p.m.diagnostics.push({ severity: 'error', code: 'codegen/uaddr', message: `Could not resolve symbol: ${binary}:${name}`, range: e.range });
    return i64(0);
  }
  return i64(value);
}

/** usym: the address, plus the pid at offset 8 when the type is 16 bytes (what the runtime needs for /proc/PID/maps). */
export function genUsym(p: ProbeCtx, addr: Value, t: SizedType): Value {
  const l = layoutOf(t);
  if (l.type !== 'usym' || l.pidOffset === undefined) return addr;
  const buf = zeroBuffer(p.f, 16, 'usym');
  storeAs(p.f, buf, 0, addr, { type: 'int', size: 8, signed: false });
  storeAs(p.f, buf, l.pidOffset, pidValue(p.f), { type: 'int', size: 8, signed: false });
  return buf;
}

/** bswap(x): reverse the bytes of x at its own width (the checker's result type says which). */
function* genBswap(p: ProbeCtx, e: Call): Step<Value> {
  const f = p.f;
  const t = typeOf(p, e);
  const bits = t.tag === 'int' ? t.bits : 64;
  const v = yield* gen(p, e.args[0]!);
  if (bits === 8) return f.bin('and', v, i64(0xff));
  const it = `i${bits}`;
  p.m.mod.declare(`declare ${it} @llvm.bswap.${it}(${it}) #1`);
  const swapped = f.call(it, `@llvm.bswap.${it}`, [f.intResize(v, it, false)]);
  return f.intResize(swapped, I64, false);
}

/**
 * ntop([af,] addr) as the `inet` layout: with size 24, `{ u64 family; u8 addr[16] }`.
 * An integer address is IPv4; a 16-byte array or buffer IPv6 (unless af says otherwise).
 */
function genNtop(p: ProbeCtx, e: Call): Value {
  const f = p.f;
  const addrArg = e.args[e.args.length - 1];
  const at = typeOf(p, addrArg);
  const bytes = at.tag === 'array' ? at.count * (at.elem.tag === 'int' ? at.elem.bits / 8 : 1) : at.tag === 'string' ? at.size : 4;
  const buf = zeroBuffer(f, 24, 'inet');
  const family = e.args.length > 1 ? genExpr(p, e.args[0]) : i64(bytes === 16 ? AF_INET6 : AF_INET);
  storeAs(f, buf, 0, family, { type: 'int', size: 8, signed: false });
  const v = genExpr(p, addrArg);
  if (v.type === I64) storeAs(f, buf, 8, v, { type: 'int', size: 4, signed: false });
  else f.memcpy(f.bytePtr(buf, 8, 'i8'), v, Math.min(16, bytes));
  return buf;
}

/**
 * buf(ptr, n): n bytes read from memory (data only: the manifest's buffer layout
 * prints `size` bytes). A shorter runtime length leaves zeroes at the end.
 */
function genBuf(p: ProbeCtx, e: Call): Value {
  const f = p.f;
  const t = typeOf(p, e);
  const size = Math.max(1, (t.tag === 'special' ? t.size : 65) - 1);
  const buf = zeroBuffer(f, size, 'buf');
  const v = genExpr(p, e.args[0]);
  if (v.type === I8P) {
    const at = typeOf(p, e.args[0]);
    const have = at.tag === 'string' ? at.size : at.tag === 'array' ? layoutSize(layoutOf(at)) : size;
    f.memcpy(buf, v, Math.min(have, size));
    return buf;
  }
  let len: Value = i64(size);
  if (e.args[1] && e.args[1].kind !== 'Integer') {
    const n = genExpr(p, e.args[1]);
    len = f.select(f.icmp('ult', n, i64(size)), n, i64(size));
  }
  readChecked(p, readHelperFor(p, e.args[0]), [buf, len, f.cast('inttoptr', v, I8P)], e.range);
  return buf;
}

/** pton("1.2.3.4" | "::1"): the address bytes, computed at compile time. */
function genPton(p: ProbeCtx, e: Call): Value {
  const text = e.args[0]?.kind === 'String' ? e.args[0].value : '';
  const bytes = parseIp(text);
  const t = typeOf(p, e);
  const size = t.tag === 'array' ? t.count : bytes.length;
  const buf = zeroBuffer(p.f, size, 'pton');
  bytes.slice(0, size).forEach((b, i) => p.f.store({ type: 'i8', ref: String(b > 127 ? b - 256 : b) }, p.f.bytePtr(buf, i, 'i8'), 1));
  return buf;
}

function parseIp(s: string): number[] {
  if (/^\d+\.\d+\.\d+\.\d+$/.test(s)) return s.split('.').map((x) => Number(x) & 0xff);
  const [head, tail] = s.includes('::') ? s.split('::') : [s, undefined];
  const words = (x: string | undefined) => (x ? x.split(':').map((w) => parseInt(w, 16) & 0xffff) : []);
  const h = words(head);
  const t = words(tail);
  const all = tail === undefined ? h : [...h, ...Array(Math.max(0, 8 - h.length - t.length)).fill(0), ...t];
  return all.flatMap((w) => [w >> 8, w & 0xff]);
}

export { constString };
