// The DWARF reader (no kernel needed): bpf/dwarf-args.c built at test time by gcc in the
// DWARF versions and forms compilers emit (5 with strp/line_strp, 4, 2 with bit_offset
// bitfields and plus_uconst member locations, zlib-compressed sections, -O2) and by clang
// (DWARF 5 with strx/str_offsets), read back as the checker's types. Parameter type texts
// are bpftrace 0.17's `-lv` recording (fixtures/dwarf-args-list.expected); layouts are the
// compiler's own offsetof/sizeof (the workload built with -DPRINT_LAYOUT).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DwarfError, DwarfTypes, fileDwarfTypes, readDwarfTypes, dwarfSections } from '../src/index.js';
import { tempPath } from './helpers.js';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
const SRC = here('bpf/dwarf-args.c');

function has(cmd: string): boolean {
  try { execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }); return true; } catch { return false; }
}
const noGcc = has('gcc') ? undefined : 'gcc is not installed';
if (noGcc) console.warn(`\n!!! SKIPPED DWARF reader tests: ${noGcc} !!!\n`);

function build(name: string, cc: string, flags: string[]): string {
  const out = tempPath(`dwarf-${name}`);
  execFileSync(cc, [...flags, '-o', out, SRC]);
  return out;
}

/** Function -> its parameters' `TYPE NAME` lines, from the 0.17 recording. */
function recordedParams(): Map<string, string[]> {
  const byFunc = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of readFileSync(here('fixtures/dwarf-args-list.expected'), 'utf8').split('\n')) {
    if (line.startsWith('uprobe:')) byFunc.set(line.slice(line.lastIndexOf(':') + 1), (current = []));
    else if (line.trim()) current!.push(line.trim());
  }
  return byFunc;
}

/** `NAME OFFSET` / `STRUCT SIZE` lines printed by the compiler. */
function compilerLayout(): Map<string, number> {
  const bin = build('layout', 'gcc', ['-DPRINT_LAYOUT']);
  const m = new Map<string, number>();
  for (const line of execFileSync(bin).toString().trim().split('\n')) {
    const [k, v] = line.split(' ');
    m.set(k!, Number(v));
  }
  return m;
}

const GCC_VARIANTS: [string, string[]][] = [
  ['gcc -g (DWARF 5)', ['-g', '-O0']],
  ['gcc -gdwarf-4', ['-gdwarf-4', '-O0']],
  ['gcc -gdwarf-2 -gstrict-dwarf', ['-gdwarf-2', '-gstrict-dwarf', '-O0']],
  ['gcc -g -gz (compressed sections)', ['-g', '-gz=zlib', '-O0']],
  ['gcc -g -O2', ['-g', '-O2']],
];

describe.skipIf(!!noGcc)('DWARF reader', () => {
  const params = recordedParams();
  const layout = compilerLayout();

  for (const [label, flags] of GCC_VARIANTS) {
    describe(label, () => {
      const bin = build(label.replace(/\W+/g, '_'), 'gcc', flags);
      const types = readDwarfTypes(new Uint8Array(readFileSync(bin)))!;

      it('lists every function parameter as bpftrace 0.17 -lv does', () => {
        expect(types).toBeDefined();
        for (const [func, lines] of params) {
          const proto = types.func(func);
          // Functions without DWARF (crt's) have no parameters in the recording either.
          expect((proto?.params ?? []).map((p) => `${p.typeText} ${p.name}`), func).toEqual(lines);
        }
      });

      it('types parameters as the checker needs them', () => {
        const s = types.func('scalars')!.params;
        expect(s.map((p) => p.type)).toEqual([
          { kind: 'int', name: 'char', size: 1, signed: true },
          { kind: 'int', name: 'unsigned char', size: 1, signed: false },
          { kind: 'int', name: 'short int', size: 2, signed: true },
          { kind: 'int', name: 'unsigned int', size: 4, signed: false },
          { kind: 'int', name: 'long int', size: 8, signed: true },
          // counter_t: the typedef resolved to its type
          { kind: 'int', name: 'long unsigned int', size: 8, signed: false },
        ]);
        const p = types.func('pointers')!;
        expect(p.params.map((x) => x.type)).toEqual([
          { kind: 'pointer', to: { kind: 'int', name: 'char', size: 1, signed: true } },
          { kind: 'pointer', to: { kind: 'pointer', to: { kind: 'int', name: 'int', size: 4, signed: true } } },
          { kind: 'pointer', to: { kind: 'void' } },
          { kind: 'pointer', to: { kind: 'record', union: false, name: 'rec' } },
          { kind: 'pointer', to: { kind: 'int', name: 'int', size: 4, signed: true } },
          { kind: 'enum', name: 'mode', size: 4 },
        ]);
        expect(p.ret).toEqual({ kind: 'int', name: 'int', size: 4, signed: true });
        const ind = types.func('indirect')!.params.map((x) => x.type);
        expect(ind[0]).toEqual({ kind: 'pointer', to: { kind: 'func' } });
        // char matrix[2][3] as a parameter is a pointer to char[3]
        expect(ind[2]).toEqual({ kind: 'pointer', to: { kind: 'array', elem: { kind: 'int', name: 'char', size: 1, signed: true }, count: 3 } });
        expect(types.func('extras')!.params[1]!.type).toEqual({ kind: 'pointer', to: { kind: 'record', union: false, name: 'item' } });
        // By value: the struct itself, and a double as its bytes (CType has no float)
        expect(types.func('by_value')!.params.map((x) => x.type)).toEqual([
          { kind: 'record', union: false, name: 'inner' },
          { kind: 'array', elem: { kind: 'int', name: 'u8', size: 1, signed: false }, count: 8 },
        ]);
        expect(types.func('no_such_function')).toBeUndefined();
      });

      it('reads records with the compiler\'s layout', () => {
        for (const name of ['rec', 'item', 'inner']) {
          const r = types.record(name)!;
          expect(r.size, name).toBe(layout.get(name));
          for (const f of r.fields) if (f.bitSize === undefined) expect(f.offset, `${name}.${f.name}`).toBe(layout.get(`${name}.${f.name}`));
        }
        const rec = types.record('rec')!;
        expect(rec.fields.map((f) => f.name)).toEqual(['id', 'label', 'values', 'pos', 'next']);
        expect(rec.fields[1]!.type).toEqual({ kind: 'array', elem: { kind: 'int', name: 'char', size: 1, signed: true }, count: 8 });
        expect(rec.fields[2]!.type).toEqual({ kind: 'array', elem: { kind: 'int', name: 'long int', size: 8, signed: true }, count: 3 });
        expect(rec.fields[3]!.type).toEqual({ kind: 'record', union: false, name: 'inner' });
      });

      it('reads bitfields and anonymous records', () => {
        const item = types.record('item')!;
        // Little-endian: flags takes bits 0-2 of the byte after id, level bits 3-7.
        expect(item.fields.filter((f) => f.bitSize !== undefined)).toEqual([
          { name: 'flags', offset: 4, bitOffset: 0, bitSize: 3, type: { kind: 'int', name: 'unsigned int', size: 4, signed: false } },
          { name: 'level', offset: 4, bitOffset: 3, bitSize: 5, type: { kind: 'int', name: 'unsigned int', size: 4, signed: false } },
        ]);
        const u = item.fields.find((f) => f.name === 'u')!.type;
        expect(u.kind === 'record' && u.union).toBe(true);
        const union = types.record(u.kind === 'record' ? u.name : '')!;
        expect(union.fields.map((f) => [f.name, f.offset])).toEqual([['as_int', 0], ['as_bytes', 0]]);
        expect(union.size).toBe(4);
      });

      it('resolves typedefs', () => {
        expect(types.typedef('counter_t')).toEqual({ kind: 'int', name: 'long unsigned int', size: 8, signed: false });
        expect(types.typedef('item_t')).toEqual({ kind: 'record', union: false, name: 'item' });
        expect(types.typedef('nope')).toBeUndefined();
      });
    });
  }

  describe.skipIf(!has('clang-14'))('clang-14 -g (DWARF 5, strx forms)', () => {
    const bin = build('clang', 'clang-14', ['-g', '-O0']);
    const types = readDwarfTypes(new Uint8Array(readFileSync(bin)))!;
    it('reads names through .debug_str_offsets', () => {
      expect(types.func('pointers')!.params.map((p) => `${p.typeText} ${p.name}`)).toEqual(params.get('pointers'));
      expect(types.record('rec')!.fields.map((f) => [f.name, f.offset])).toEqual(
        ['id', 'label', 'values', 'pos', 'next'].map((n) => [n, layout.get(`rec.${n}`)]));
      // clang names its base types as C spells them shortest
      expect(types.func('scalars')!.params.map((p) => p.typeText)).toEqual(['char', 'unsigned char', 'short', 'unsigned int', 'long', 'counter_t']);
    });
  });

  it('starts a function\'s lookup in its own unit (.debug_aranges), and its types there', () => {
    // dwarf-second.c's `struct inner` is { long wide; char tag; }, dwarf-args.c's { short lo; short hi; }.
    const out = tempPath('dwarf-two-units');
    execFileSync('gcc', ['-g', '-O0', '-o', out, SRC, here('bpf/dwarf-second.c')]);
    const readelf = execFileSync('readelf', ['-S', '-W', out]).toString();
    expect(readelf).toContain('.debug_aranges');
    const types = readDwarfTypes(new Uint8Array(readFileSync(out)))!;
    expect(types.unitCount).toBe(2);
    expect(types.func('second')!.params.map((p) => `${p.typeText} ${p.name}`)).toEqual(['struct inner* in', 'int k']);
    expect(types.record('inner')!.fields.map((f) => [f.name, f.offset])).toEqual([['wide', 0], ['tag', 8]]);
    const other = readDwarfTypes(new Uint8Array(readFileSync(out)))!;
    expect(other.func('indirect')!.params[1]!.typeText).toBe('const struct inner*');
    expect(other.record('inner')!.fields.map((f) => [f.name, f.offset])).toEqual([['lo', 0], ['hi', 2]]);
  });

  it('finds nothing in a file without debug info, and no file is no types', () => {
    const bin = build('stripped', 'gcc', ['-O0', '-s']);
    expect(dwarfSections(new Uint8Array(readFileSync(bin)))).toBeUndefined();
    expect(readDwarfTypes(new Uint8Array(readFileSync(bin)))).toBeUndefined();
    expect(fileDwarfTypes(bin, tempPath('no-debug-root'))?.func('pointers')).toBeUndefined();
    expect(fileDwarfTypes(tempPath('does-not-exist'))).toBeUndefined();
  });

  it('finds a separate debug file by build id, as libdw does', () => {
    const full = build('buildid', 'gcc', ['-g', '-O0', '-Wl,--build-id']);
    const id = /Build ID: ([0-9a-f]+)/.exec(execFileSync('readelf', ['-n', full]).toString())![1]!;
    const root = tempPath('debug-root');
    execFileSync('mkdir', ['-p', `${root}/.build-id/${id.slice(0, 2)}`]);
    execFileSync('objcopy', ['--only-keep-debug', full, `${root}/.build-id/${id.slice(0, 2)}/${id.slice(2)}.debug`]);
    const stripped = tempPath('dwarf-buildid-stripped');
    execFileSync('objcopy', ['--strip-debug', full, stripped]);
    expect(readDwarfTypes(new Uint8Array(readFileSync(stripped)))).toBeUndefined();
    expect(fileDwarfTypes(stripped, root)?.func('pointers')?.params.map((p) => p.name)).toEqual(['text', 'pp', 'opaque', 'r', 'vp', 'm']);
  });

  it('turns damaged debug info into no types, never an exception', () => {
    const bin = build('damaged', 'gcc', ['-g', '-O0']);
    const bytes = new Uint8Array(readFileSync(bin));
    const s = dwarfSections(bytes)!;
    // A unit whose length runs past the section.
    expect(() => new DwarfTypes({ ...s, info: s.info.subarray(0, Math.floor(s.info.length / 2)) })).toThrow(DwarfError);
    // DIEs overwritten with garbage after the first unit's header: lookups find nothing.
    const at = s.info.byteOffset - bytes.byteOffset;
    bytes.fill(0xff, at + 20, at + s.info.length);
    const damaged = tempPath('dwarf-damaged-copy');
    writeFileSync(damaged, bytes);
    expect(() => readDwarfTypes(bytes)?.func('pointers')).toThrow(DwarfError);
    expect(fileDwarfTypes(damaged, tempPath('no-debug-root'))?.func('pointers')).toBeUndefined();
  });
});
