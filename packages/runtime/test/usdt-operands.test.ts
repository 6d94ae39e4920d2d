// sdt.h operand text -> argument specs (symbols/usdt-args.ts), and their bytes
// (codegen's encodeUsdtSpec), without a kernel.
import { describe, expect, it } from 'vitest';
import { encodeUsdtSpec } from '@bpftrace-ts/codegen';
import { parseUsdtArg, parseUsdtArgs } from '../src/symbols/usdt-args.js';

describe('parseUsdtArg', () => {
  it('constants, registers (sub-registers share the slot), memory', () => {
    expect(parseUsdtArg('-4@$42')).toEqual({ kind: 'const', valOff: 42n, regOff: 0, signed: true, bitshift: 32 });
    expect(parseUsdtArg('8@$-0x10')).toMatchObject({ kind: 'const', valOff: -16n });
    expect(parseUsdtArg('4@%eax')).toEqual({ kind: 'reg', valOff: 0n, regOff: 80, signed: false, bitshift: 32 });
    expect(parseUsdtArg('8@%r8')).toMatchObject({ kind: 'reg', regOff: 72 });
    expect(parseUsdtArg('1@%r9b')).toMatchObject({ kind: 'reg', regOff: 64, bitshift: 56 });
    expect(parseUsdtArg('-8@-16(%rbp)')).toEqual({ kind: 'deref', valOff: -16n, regOff: 32, signed: true, bitshift: 0 });
    expect(parseUsdtArg('2@(%rdi)')).toMatchObject({ kind: 'deref', valOff: 0n, regOff: 112 });
  });
  it('base + index * scale + offset, the scale 1 when left out', () => {
    expect(parseUsdtArg('8@-88(%rsp,%rax,8)')).toEqual({ kind: 'sib', valOff: -88n, regOff: 152, idxRegOff: 80, scaleShift: 3, signed: false, bitshift: 0 });
    expect(parseUsdtArg('-1@-90(%rsp,%rax)')).toMatchObject({ kind: 'sib', idxRegOff: 80, scaleShift: 0, signed: true, bitshift: 56 });
    expect(parseUsdtArg('4@(%rdx,%rcx,4)')).toMatchObject({ kind: 'sib', valOff: 0n, regOff: 96, idxRegOff: 88, scaleShift: 2 });
  });
  it('says why an operand cannot be read', () => {
    expect(parseUsdtArg('8@%xmm0')).toBe("unknown register in '8@%xmm0'");
    expect(parseUsdtArg('3@%eax')).toBe("unsupported argument size in '3@%eax'");
    expect(parseUsdtArg('8@-8(%rsp,%rax,3)')).toBe("unrecognized argument '8@-8(%rsp,%rax,3)'");
    expect(parseUsdtArgs('4@%eax 8@foo(%rip)')).toBe("unrecognized argument '8@foo(%rip)'");
  });
});

describe('encodeUsdtSpec', () => {
  it('lays out libbpf 1.1\'s struct __bpf_usdt_spec, the index register and scale in arg_type', () => {
    const args = parseUsdtArgs('-4@$42 8@-88(%rsp,%rax,8)');
    if (typeof args === 'string') throw new Error(args);
    const b = encodeUsdtSpec(args, 7n);
    const dv = new DataView(b.buffer);
    expect(b.length).toBe(208);
    expect(dv.getBigInt64(0, true)).toBe(42n);
    expect(dv.getUint32(8, true)).toBe(0);
    expect([dv.getUint8(14), dv.getInt8(15)]).toEqual([1, 32]);
    expect(dv.getBigInt64(16, true)).toBe(-88n);
    expect(dv.getUint32(24, true)).toBe(3 | (80 << 8) | (3 << 16));
    expect(dv.getInt16(28, true)).toBe(152);
    expect(dv.getBigUint64(192, true)).toBe(7n);
    expect(dv.getInt16(200, true)).toBe(2);
  });
});
