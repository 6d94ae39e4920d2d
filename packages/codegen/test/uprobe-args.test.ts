// uprobe `args->name`: the parameter's position in the binary's DWARF prototype picks
// the pt_regs slot of its argument register (di, si, dx, cx, r8, r9: offsets 112, 104,
// 96, 88, 72, 64), the stack above the return address past the sixth; a narrow integer
// is the register's low bits, sign-extended when signed. The kernel test
// (runtime/test/dwarf-args.test.ts) runs the same reads against a real program.
import { describe, expect, it } from 'vitest';
import { parse } from '@bpftrace-ts/parser';
import { check, type BinaryTypes, type CType, type KernelInfo } from '@bpftrace-ts/typecheck';
import { emitIr } from '../src/index.js';
import { kernel } from './fixture.js';

const int = (size: number, signed: boolean): CType => ({ kind: 'int', name: `i${size}`, size, signed });
const PARAMS: [string, CType][] = [['a', int(4, true)], ['c', int(1, true)], ['l', int(8, true)], ['d', int(4, true)],
  ['e', int(4, true)], ['f', int(2, false)], ['g', int(4, true)]];
const types: BinaryTypes = {
  hasDebugInfo: () => true,
  func: (name) => (name === 'f' ? { name, ret: int(4, true), params: PARAMS.map(([n, type]) => ({ name: n, type })) } : undefined),
  record: () => undefined,
  typedef: () => undefined,
};
const withBinary: KernelInfo = { ...kernel, binaryTypes: (t) => (t === '/bin/prog' ? types : undefined) };

function irOf(body: string): string {
  const { ast } = parse(`uprobe:/bin/prog:f { ${body} }`, { file: 'stdin' });
  const r = check(ast!, withBinary, { params: [], file: 'stdin' });
  if (!r.program) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return emitIr(r.program, { kernel: withBinary }).ir;
}

describe('uprobe args from DWARF', () => {
  it('reads each parameter from its argument register', () => {
    const ir = irOf('@ = args->a + args->l + args->d + args->e;');
    for (const off of [112, 96, 88, 72]) expect(ir).toMatch(new RegExp(`getelementptr i8, ptr %ctx, i64 ${off}\\b`));
  });

  it('narrows a char to its low byte, sign-extended; an unsigned short zero-extended', () => {
    const c = irOf('@ = args->c;');
    expect(c).toMatch(/getelementptr i8, ptr %ctx, i64 104\b/);
    expect(c).toMatch(/trunc i64 %\w+ to i8/);
    expect(c).toMatch(/sext i8 %\w+ to i64/);
    const f = irOf('@ = args->f;');
    expect(f).toMatch(/getelementptr i8, ptr %ctx, i64 64\b/);
    expect(f).toMatch(/zext i16 %\w+ to i64/);
  });

  it('reads the seventh parameter from the user stack, above the return address', () => {
    const ir = irOf('@ = args->g;');
    expect(ir).toMatch(/getelementptr i8, ptr %ctx, i64 152\b/); // sp
    expect(ir).toMatch(/add i64 %\w+, 8\b/);
    expect(ir).toMatch(/call i64 inttoptr \(i64 112 to/); // bpf_probe_read_user
  });
});
