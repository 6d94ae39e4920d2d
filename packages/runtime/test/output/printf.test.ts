// formatPrintf and print(value) against bpftrace 0.17 recordings. Each printf call's
// arguments are packed into an event record as codegen would write it.
import { describe, expect, it } from 'vitest';
import type { ValueLayout } from '@bpftrace-ts/codegen';
import {
  formatPrintf, renderAttached, renderExitMaps, EXIT_SEPARATOR, renderMap, renderPrintfOutput, renderPrintValue, type OutputFormat,
} from '../../src/output/index.js';
import { encode, entry, expected, i64, key, probe, record, spec, str, tuple } from './helpers.js';

const u64: ValueLayout = { type: 'int', size: 8, signed: false };
const i8: ValueLayout = { type: 'int', size: 1, signed: true };
const u8: ValueLayout = { type: 'int', size: 1, signed: false };
const ctx = { probeNames: ['BEGIN'], resolve: { username: (uid: bigint) => (uid === 0n ? 'root' : undefined) } };

type Call = [string, [ValueLayout, unknown][]];
const S = (s: string): [ValueLayout, unknown] => [str(), s];
const I = (n: number | bigint): [ValueLayout, unknown] => [i64, n];

const calls: Record<string, Call[]> = {
  printf_ints: [
    ['%d|%u|%5d|%-5d|%05d|%x|%X|%08x|%-8X|\n', [I(-42), I(42), I(42), I(42), I(42), I(255), I(255), I(255), I(255)]],
    ['%ld %lu %lld %llu %llx %hd %hu %%\n', [I(-1), I(-1), I(-9223372036854775807n), [u64, 18446744073709551615n], [u64, 18446744073709551615n], I(-2), I(65535)]],
    ['%5.3d|%.0d|%u|%o|%hhd|%zd|%-05d|%d|%hd|%u|%x\n', [I(7), I(0), I(-1), I(8), I(300), I(5), I(3), I(4294967296), I(65535), I(4294967296), I(-1)]],
    ['%d %s %d\n', [[i8, -1], S('mid'), [u8, 255]]],
  ],
  printf_str: [
    ['[%s] [%10s] [%-10s] [%.2s] [%5.1s] [%c%c]\n', [S('hello'), S('hi'), S('hi'), S('hello'), S('xyz'), I(65), I(98)]],
    ['%s and %s\n', [S('a'), S('bcd')]],
  ],
  printf_ptr: [['%p %p %lx %x %o\n', [I(0), I(4096), I(4096), I(-1), I(8)]]],
  printf_special: [
    ['probe=%s user=%s inet=%s inet6=%s\n', [[probe, 0], [{ type: 'username' }, 0],
      [{ type: 'inet', size: 4 }, Uint8Array.of(127, 0, 0, 1)],
      [{ type: 'inet', size: 16 }, Uint8Array.of(0xfe, 0x80, ...new Array(13).fill(0), 1)]]],
  ],
  printf_ksym: [['%s|%s|%s|\n', [[{ type: 'ksym' }, 0], [{ type: 'ksym' }, 4096], [{ type: 'usym' }, 4096]]]],
  printf_edge: [
    ['q"uote\\ back\ttab \x01 end\n', []],
    ['p%%! %d r%%! %d t%%!\n', [I(1), I(2)]],
    ['x %d%% y %s|\n', [I(5), S('s')]],
    ['100%%\n', []],
    ['%p %p %c|%5c|%-3c|\n', [I(-1), I(1), I(10), I(66), I(67)]],
    ['%5s|%-5s|%.1s|\n', [S('toolongstr'), S('ab'), S('')]],
  ],
};

describe('printf matches bpftrace 0.17', () => {
  for (const [name, list] of Object.entries(calls)) {
    for (const format of ['text', 'json'] as const) {
      it(`${name} (${format})`, () => {
        let out = renderAttached(1, format);
        for (const [fmt, args] of list) {
          const { bytes, fields } = record(...args);
          out += renderPrintfOutput(formatPrintf(fmt, fields, bytes, ctx), format);
        }
        expect(out + EXIT_SEPARATOR + renderExitMaps([], ctx, format)).toBe(expected(name, format));
      });
    }
  }
});

describe('print(value) matches bpftrace 0.17', () => {
  for (const format of ['text', 'json'] as const) {
    it(`print_value (${format})`, () => {
      const f: OutputFormat = format;
      const t = tuple(i64, str(2));
      let out = renderAttached(1, f);
      out += renderPrintValue(i64, encode(i64, 5), 0, ctx, f);
      out += renderPrintValue(i64, encode(i64, -3), 0, ctx, f);
      out += renderPrintValue(str(4), encode(str(4), 'str'), 0, ctx, f);
      out += renderPrintValue(t, encode(t, [1, 'a']), 0, ctx, f);
      const m = spec('@m', 'value', [], { value: i64 });
      const maps = [{ spec: m, entries: [entry(key(m), [encode(i64, 3)])] }];
      out += renderMap(m, maps[0]!.entries, ctx, f) + EXIT_SEPARATOR + renderExitMaps(maps, ctx, f);
      expect(out).toBe(expected('print_value', f));
    });
  }
});

describe('printf details', () => {
  it('formats the kernel special layouts', () => {
    const { bytes, fields } = record([{ type: 'mac_address' }, Uint8Array.of(0xaa, 0xbb, 0xcc, 1, 2, 3)],
      [{ type: 'inet', size: 16 }, Uint8Array.of(...new Array(10).fill(0), 0xff, 0xff, 10, 0, 0, 1)],
      [{ type: 'buffer', size: 4 }, Uint8Array.of(0x61, 1, 0x62, 0xff)]);
    expect(formatPrintf('%s %s %s', fields, bytes, ctx)).toBe('AA:BB:CC:01:02:03 ::ffff:10.0.0.1 a\\x01b\\xff');
  });
  it('leaves unknown specifiers as text', () => {
    const { bytes, fields } = record(I(3));
    expect(formatPrintf('%y %d', fields, bytes, ctx)).toBe('%y 3');
  });
});
