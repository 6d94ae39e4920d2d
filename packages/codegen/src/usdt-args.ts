// USDT arguments and cookie, read from the spec the runtime writes into
// `__bpf_usdt_specs` for each call site (usdt-spec.ts). The BPF cookie of a USDT
// uprobe is the spec id; our probe id is the spec's usdt_cookie. Assumes a kernel
// with BPF cookies (no ip lookup).

import type { ProbeCtx } from './context.js';
import { callHelper } from './helpers.js';
import { I16, I32, I64, I8, I8P, NULL_I8P, Value, i32, i64 } from './ir-builder.js';

import {
  USDT_ARG_CNT_OFF as ARG_CNT_OFF, USDT_ARG_SPEC_SIZE as ARG_SPEC_SIZE, USDT_ARG_TYPE, USDT_COOKIE_OFF as COOKIE_OFF,
  USDT_IDX_REG_SHIFT, USDT_MAX_ARGS, USDT_SCALE_SHIFT,
} from './usdt-spec.js';

export { USDT_MAX_ARGS, USDT_SPEC_SIZE } from './usdt-spec.js';

/** This firing's spec (a pointer, null when libbpf has none for it). */
function lookupSpec(p: ProbeCtx): Value {
  const f = p.f;
  const key = f.alloca(I32, 'usdt_spec_id', 4);
  // The attach cookie is the spec id, an int.
  f.store(f.cast('trunc', callHelper(f, 'get_attach_cookie', I64, [p.ctx]), I32), key, 4);
  return callHelper(f, 'map_lookup_elem', I8P, [p.m.usdtSpecs!, key]);
}

/** The usdt_cookie given at attach: our probe id (0 without a spec). */
export function genUsdtCookie(p: ProbeCtx): Value {
  const f = p.f;
  const spec = lookupSpec(p);
  const before = f.current;
  const have = f.newBlock('usdt_spec');
  const join = f.newBlock('usdt_cookie');
  f.condBr(f.icmp('ne', spec, NULL_I8P), have, join);
  f.setBlock(have);
  const cookie = f.load(I64, f.bytePtr(spec, COOKIE_OFF, I64), 8);
  f.br(join);
  f.setBlock(join);
  return f.phi(I64, [[i64(0), before], [cookie, have]]);
}

/** USDT argument `n` as a 64-bit value, sign- or zero-extended as the spec says; 0 if missing. */
export function genUsdtArg(p: ProbeCtx, n: number): Value {
  const f = p.f;
  if (n >= USDT_MAX_ARGS) return i64(0);
  const result = f.alloca(I64, 'usdt_arg', 8);
  f.store(i64(0), result, 8);
  const spec = lookupSpec(p);
  const haveSpec = f.newBlock('usdt_spec');
  const read = f.newBlock('usdt_arg_read');
  const regRead = f.newBlock('usdt_arg_reg');
  const deref = f.newBlock('usdt_arg_deref');
  const extend = f.newBlock('usdt_arg_extend');
  const done = f.newBlock('usdt_arg_done');
  f.condBr(f.icmp('ne', spec, NULL_I8P), haveSpec, done);

  f.setBlock(haveSpec);
  const count = f.cast('sext', f.load(I16, f.bytePtr(spec, ARG_CNT_OFF, I16), 2), I64);
  f.condBr(f.icmp('slt', i64(n), count), read, done);

  f.setBlock(read);
  const base = n * ARG_SPEC_SIZE;
  const valOff = f.load(I64, f.bytePtr(spec, base, I64), 8);
  const typeWord = f.load(I32, f.bytePtr(spec, base + 8, I32), 4);
  const argType = f.bin('and', typeWord, i32(0xff));
  const regOff = f.cast('sext', f.load(I16, f.bytePtr(spec, base + 12, I16), 2), I64);
  const signed = f.load(I8, f.bytePtr(spec, base + 14, I8), 1);
  const shift = f.cast('zext', f.load(I8, f.bytePtr(spec, base + 15, I8), 1), I64);
  // A constant is val_off itself; otherwise it is overwritten by the register (and memory) read.
  const val = f.alloca(I64, 'usdt_val', 8);
  f.store(valOff, val, 8);
  f.condBr(f.icmp('eq', argType, i32(USDT_ARG_TYPE.const)), extend, regRead);

  f.setBlock(regRead);
  // pt_regs at a variable offset: the verifier refuses direct ctx loads there, a probe read is fine.
  const regAddr = f.bin('add', f.cast('ptrtoint', p.ctx, I64), regOff);
  callHelper(f, 'probe_read_kernel', I64, [val, i64(8), f.cast('inttoptr', regAddr, I8P)]);
  // addr+index (base + index << scale + offset): the index register is read for every
  // argument (r15's slot when there is none) and counted only for that kind.
  const isSib = f.icmp('eq', argType, i32(USDT_ARG_TYPE.sib));
  const idxOff = f.cast('zext', f.bin('and', f.bin('lshr', typeWord, i32(USDT_IDX_REG_SHIFT)), i32(0xff)), I64);
  const scale = f.cast('zext', f.bin('and', f.bin('lshr', typeWord, i32(USDT_SCALE_SHIFT)), i32(0xff)), I64);
  const idxSlot = f.alloca(I64, 'usdt_idx', 8);
  f.store(i64(0), idxSlot, 8);
  const idxAddr = f.bin('add', f.cast('ptrtoint', p.ctx, I64), idxOff);
  callHelper(f, 'probe_read_kernel', I64, [idxSlot, i64(8), f.cast('inttoptr', idxAddr, I8P)]);
  const index = f.select(isSib, f.bin('shl', f.load(I64, idxSlot, 8), scale), i64(0));
  const isDeref = f.bin('or', f.icmp('eq', argType, i32(USDT_ARG_TYPE.deref)), isSib);
  f.condBr(isDeref, deref, extend);

  f.setBlock(deref);
  const addr = f.bin('add', f.bin('add', f.load(I64, val, 8), valOff), index);
  callHelper(f, 'probe_read_user', I64, [val, i64(8), f.cast('inttoptr', addr, I8P)]);
  f.br(extend);

  f.setBlock(extend);
  // 1-, 2- and 4-byte arguments: drop the bits above them, extending the sign when signed.
  const up = f.bin('shl', f.load(I64, val, 8), shift);
  const extended = f.select(f.icmp('ne', signed, { type: I8, ref: '0' }), f.bin('ashr', up, shift), f.bin('lshr', up, shift));
  f.store(extended, result, 8);
  f.br(done);

  f.setBlock(done);
  return f.load(I64, result, 8);
}
