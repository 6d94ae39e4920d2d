// The USDT argument spec: how each argument of a call site is found (a constant, a
// register, memory at register+offset, or at base+index*scale+offset). The runtime
// parses a call site's note into specs and writes them into the `__bpf_usdt_specs`
// array at a spec id it passes as the uprobe's BPF cookie; the program reads its spec
// back (usdt-args.ts). Layout: libbpf 1.1's struct __bpf_usdt_spec, whose u32 arg_type
// also carries the index register and scale of an addr+index argument (libbpf 1.3
// packs its SIB form into the same word; 1.1 has none).

export type UsdtArgKind = 'const' | 'reg' | 'deref' | 'sib';

export interface UsdtArgSpec {
  kind: UsdtArgKind;
  /** The constant, or the offset added to the address. */
  valOff: bigint;
  /** pt_regs offset of the (base) register. */
  regOff: number;
  /** sib: pt_regs offset of the index register, and log2 of the scale. */
  idxRegOff?: number;
  scaleShift?: number;
  signed: boolean;
  /** 64 - the argument's size in bits (the value is shifted up and back down by it). */
  bitshift: number;
}

/** The array of specs, indexed by spec id (sized for that many call sites). */
export const USDT_SPECS_MAP = '__bpf_usdt_specs';
export const USDT_SPECS_MAX = 4096;

/** Per argument: u64 val_off, u32 arg_type, s16 reg_off, bool arg_signed, s8 arg_bitshift. */
export const USDT_ARG_SPEC_SIZE = 16;
/** BPF_USDT_MAX_ARG_CNT: args[] length. */
export const USDT_MAX_ARGS = 12;
export const USDT_COOKIE_OFF = USDT_ARG_SPEC_SIZE * USDT_MAX_ARGS;
export const USDT_ARG_CNT_OFF = USDT_COOKIE_OFF + 8;
/** sizeof(struct __bpf_usdt_spec): the args, u64 cookie, short count, padded to 8. */
export const USDT_SPEC_SIZE = USDT_ARG_CNT_OFF + 8;

/** arg_type's low byte. */
export const USDT_ARG_TYPE = { const: 0, reg: 1, deref: 2, sib: 3 } as const;
/** sib: arg_type bits 8-15 hold the index register's pt_regs offset, bits 16-23 the scale's log2. */
export const USDT_IDX_REG_SHIFT = 8;
export const USDT_SCALE_SHIFT = 16;

/** The spec's bytes, as the program reads them. */
export function encodeUsdtSpec(args: readonly UsdtArgSpec[], cookie: bigint): Uint8Array {
  const b = new Uint8Array(USDT_SPEC_SIZE);
  const dv = new DataView(b.buffer);
  args.slice(0, USDT_MAX_ARGS).forEach((a, i) => {
    const o = i * USDT_ARG_SPEC_SIZE;
    dv.setBigUint64(o, BigInt.asUintN(64, a.valOff), true);
    const type = USDT_ARG_TYPE[a.kind] | (a.kind === 'sib' ? ((a.idxRegOff ?? 0) << USDT_IDX_REG_SHIFT) | ((a.scaleShift ?? 0) << USDT_SCALE_SHIFT) : 0);
    dv.setUint32(o + 8, type, true);
    dv.setInt16(o + 12, a.regOff, true);
    dv.setUint8(o + 14, a.signed ? 1 : 0);
    dv.setInt8(o + 15, a.bitshift);
  });
  dv.setBigUint64(USDT_COOKIE_OFF, BigInt.asUintN(64, cookie), true);
  dv.setInt16(USDT_ARG_CNT_OFF, Math.min(args.length, USDT_MAX_ARGS), true);
  return b;
}
