// Positional parameters of an artifact: which may change at run time, and the globals written.
import { describe, expect, it } from 'vitest';
import { positionalInt } from '@bpftrace-ts/typecheck';
import { applyParams, elfSymbols, paramInt, readElf, type Manifest } from '../src/index.js';
import { backend, compileScript, frontend } from '../../cli/src/index.js';
import { readDefaultProfile } from '../../cli/src/kernel/index.js';

const kernel = readDefaultProfile()!;

describe('paramInt', () => {
  it('reads integers as the type checker does (stoll, base 0)', () => {
    const cases = ['0', '42', '-7', '+3', ' 12', '0x1F', '0X1f', '010', '08', '1e3', '', ' ', '9223372036854775807',
      '9223372036854775808', '-9223372036854775808', '12 ', '0x', '--1', 'abc', '1.5'];
    for (const c of cases) expect(paramInt(c), JSON.stringify(c)).toBe(positionalInt(c));
    expect(paramInt('010')).toBe(8n);
  });
});

describe('applyParams', () => {
  // As `compile` builds artifacts: integer parameters read from globals.
  const front = frontend('BEGIN { printf("%d %s\\n", $1, str($2)); exit(); }', { file: 'p.bt', kernel, params: ['42', 'x'] });
  const r = backend(front.checked!, kernel, { file: 'p.bt', paramGlobals: true });
  const object = r.object!;
  // What compile records besides (it also checks that $1 shapes nothing: here it does not).
  const manifest: Manifest = { ...r.manifest!, params: ['42', 'x'] };
  const global = (bytes: Uint8Array) => {
    const elf = readElf(bytes);
    if (!elf.ok) throw new Error(elf.error.message);
    const sym = elfSymbols(elf.elf).find((s) => s.name === 'bpftrace_param_1')!;
    const sec = elf.elf.sections[sym.section]!;
    return { section: sec.name, value: new DataView(bytes.buffer, bytes.byteOffset).getBigInt64(sec.offset + sym.value, true) };
  };

  it('codegen with paramGlobals reads $1 from a .rodata global holding the compiled value', () => {
    expect(r.manifest!.paramGlobals).toEqual([{ index: 1, symbol: 'bpftrace_param_1' }]);
    expect(r.ir).toMatch(/load volatile i64, ptr @bpftrace_param_1/);
    expect(global(object)).toEqual({ section: '.rodata', value: 42n });
    // The direct run's path: constants, no globals.
    const direct = compileScript('BEGIN { printf("%d\\n", $1); exit(); }', { file: 'p.bt', kernel, params: ['42'] });
    expect(direct.manifest?.paramGlobals).toBeUndefined();
    expect(direct.ir).not.toContain('bpftrace_param_1');
  });

  it('writes new integers into a copy; the same values give the object itself', () => {
    expect(applyParams(object, manifest, ['42', 'x'])).toEqual({ ok: true, object });
    const r2 = applyParams(object, manifest, ['-0x10', 'x']);
    if (!r2.ok) throw new Error(r2.error.message);
    expect(global(r2.object).value).toBe(-16n);
    expect(global(object).value).toBe(42n);
  });

  it('refuses other counts, other compiled-in values, non-integers', () => {
    expect(applyParams(object, manifest, ['42'])).toMatchObject({ ok: false, error: { kind: 'bad-params', message: 'compiled with 2 positional parameters ($1="42" $2="x"), given 1 ($1="42"): give as many' } });
    expect(applyParams(object, manifest, ['1', 'y'])).toMatchObject({ ok: false, error: { message: '$2 shapes the program (a probe, a size, a string...): it was compiled as "x", given "y"; compile again with it' } });
    expect(applyParams(object, manifest, ['1.5', 'x'])).toMatchObject({ ok: false, error: { message: '$1 must be an integer (it was compiled as one), given "1.5"' } });
    const missing = { ...manifest, paramGlobals: [{ index: 1, symbol: 'nope' }] };
    expect(applyParams(object, missing, ['1', 'x'])).toMatchObject({ ok: false, error: { kind: 'object-mismatch' } });
  });
});
