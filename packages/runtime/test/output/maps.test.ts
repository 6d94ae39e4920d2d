// renderMap / renderExitMaps against bpftrace 0.17 recordings (test-fixtures/output/*.expected).
// Each case rebuilds, by hand, the per-CPU map entries codegen would produce for the script
// (split over 2 CPUs to exercise combining) and compares with the recorded output.
import { describe, expect, it } from 'vitest';
import type { MapSpec } from '@bpftrace-ts/codegen';
import { renderAttached, renderExitMaps, EXIT_SEPARATOR, renderMap, type MapEntry, type OutputFormat } from '../../src/output/index.js';
import {
  avgs, encode as enc, entry, expected, histCounts, i64, key, lhistCounts, minmax, perCpu, probe, sameUpToTies, spec,
  splitBuckets, str, tuple,
} from './helpers.js';

type Maps = { spec: MapSpec; entries: MapEntry[] }[];
const ctx = { probeNames: ['BEGIN', 'END'] };
const exit = (maps: Maps, f: OutputFormat) => EXIT_SEPARATOR + renderExitMaps(maps, ctx, f);
const m = (s: MapSpec, entries: MapEntry[]) => ({ spec: s, entries });

function counts(name: string, kind: 'count' | 'sum', keyLayouts: typeof i64[], rows: [unknown[], number, number][]) {
  const s = spec(name, kind, keyLayouts);
  return m(s, rows.map(([k, a, b]) => entry(key(s, ...k), perCpu(a, b))));
}

function hists(name: string, keyLayouts: typeof i64[], rows: [unknown[], bigint[]][], lh?: [number, number, number]) {
  const s = spec(name, lh ? 'lhist' : 'hist', keyLayouts, lh ? { lhist: lh } : {});
  return m(s, rows.map(([k, c]) => entry(key(s, ...k), splitBuckets(c))));
}

const H = histCounts;
const L = lhistCounts;

/** name -> (format) => output after the attach line; `ties` marks outputs with equal values. */
const cases: Record<string, { probes?: number; ties?: boolean; body: (f: OutputFormat) => string }> = {
  count_keys: { ties: true, body: (f) => exit([counts('@', 'count', [i64], [[[3], 1, 0], [[1], 0, 1], [[2], 1, 1], [[5], 2, 1], [[4], 3, 1]])], f) },
  count_scalar: { body: (f) => exit([counts('@c', 'count', [], [[[], 2, 1]]), counts('@n', 'count', [], [[[], 0, 1]])], f) },
  sum_neg: { body: (f) => exit([counts('@s', 'sum', [i64], [[[1], 10, -25], [[3], 0, -1], [[2], 7, 0]]), counts('@t', 'sum', [], [[[], -100, 40]])], f) },
  avg_neg: {
    body: (f) => {
      const a = spec('@a', 'avg', [i64]), b = spec('@b', 'avg', []);
      return exit([
        m(a, [entry(key(a, 3), avgs([-7, 1], [-8, 1])), entry(key(a, 1), avgs([-5, 1], [2, 1])),
          entry(key(a, 2), avgs([7, 1], [8, 1])), entry(key(a, 4), avgs([100, 1], [0, 0]))]),
        m(b, [entry(key(b), avgs([10, 1], [22, 2]))]),
      ], f);
    },
  },
  stats_neg: {
    body: (f) => {
      const s = spec('@s', 'stats', [i64]), g = spec('@g', 'stats', []);
      return exit([
        m(s, [entry(key(s, 3), avgs([-7, 1], [-8, 1])), entry(key(s, 1), avgs([-5, 1], [2, 1])),
          entry(key(s, 2), avgs([7, 1], [8, 1])), entry(key(s, 4), avgs([0, 0], [100, 1]))]),
        m(g, [entry(key(g), avgs([10, 1], [22, 2]))]),
      ], f);
    },
  },
  min_max: {
    // bpftrace 0.17 never stores max() of only negative values: @mx[1] and @M are absent
    // (modelled here as entries that no CPU has set).
    body: (f) => {
      const mn = spec('@mn', 'min', [i64]), mx = spec('@mx', 'max', [i64]);
      const m1 = spec('@m', 'min', []), M = spec('@M', 'max', []);
      return exit([
        m(mn, [entry(key(mn, 1), minmax(5, -3)), entry(key(mn, 3), minmax(7, undefined)), entry(key(mn, 2), minmax(undefined, 10))]),
        m(mx, [entry(key(mx, 1), minmax(undefined, undefined)), entry(key(mx, 3), minmax(0, undefined)), entry(key(mx, 2), minmax(10, 3))]),
        m(m1, [entry(key(m1), minmax(42, undefined))]),
        m(M, []),
      ], f);
    },
  },
  hist_basic: { body: (f) => exit([hists('@', [i64], [[[2], H([-3])], [[1], H([5, 100])]])], f) },
  hist_large: {
    body: (f) => exit([hists('@h', [], [[[], H([0, 1, 2, 3, 1023, 1024, 1048576, 1073741824, 1n << 40n, 1n << 50n], 66, 33)]])], f),
  },
  hist_overflow: {
    // bpftrace 0.17 puts everything >= 2^31 in bucket 33 ([2G, 4G)); the JSON bounds of that bucket wrap.
    body: (f) => exit([
      hists('@h', [], [[[], H([1n << 40n, 1n << 62n, -1], 66, 33)]]),
      hists('@l', [], [[[], L([2000000, 9000000], 0, 10000000, 1000000)]], [0, 10000000, 1000000]),
    ], f),
  },
  hist_neg: { body: (f) => exit([hists('@h', [], [[[], H([-1, -100, 0, 0, 1])]])], f) },
  hist_bars: { body: (f) => exit([hists('@h', [], [[[], H([1, 2, 2, 2, ...Array(7).fill(8), ...Array(13).fill(16), 64])]])], f) },
  hist_keyed: { body: (f) => exit([hists('@', [str()], [[['zsh'], H([3000])], [['bash'], H([10, 20])], [['sh'], H([1, 1, 2])]])], f) },
  hist_zero: { body: (f) => exit([hists('@h', [], [[[], H([0, 0])]])], f) },
  lhist_basic: { body: (f) => exit([hists('@l', [], [[[], L([-5, 5, 55, 100, 250], 0, 100, 10)]], [0, 100, 10])], f) },
  lhist_inrange: { body: (f) => exit([hists('@l', [], [[[], L([25, 27, 61], 0, 100, 10)]], [0, 100, 10])], f) },
  lhist_step: {
    body: (f) => exit([
      hists('@l', [], [[[], L([1500, 4000, 9999], 1000, 10000, 1000)]], [1000, 10000, 1000]),
      hists('@m', [], [[[], L([3, 0], 0, 5, 1)]], [0, 5, 1]),
    ], f),
  },
  lhist_keyed: {
    body: (f) => exit([hists('@', [i64, str()], [
      [[2, 'b'], L([11], 0, 10, 2)], [[1, 'a'], L([3, 9], 0, 10, 2)], [[3, 'c'], L([-1, 5, 5], 0, 10, 2)],
    ], [0, 10, 2])], f),
  },
  lhist_min: { body: (f) => exit([hists('@l', [], [[[], L([10, 60, 60, 199, 200, 5000], 50, 200, 50)]], [50, 200, 50])], f) },
  string_keys: { body: (f) => exit([counts('@', 'count', [str()], [[['apple'], 1, 0], [['banana'], 1, 1], [['cherry pie'], 2, 1]])], f) },
  multi_key: { body: (f) => exit([counts('@', 'count', [i64, str()], [[[7, 'zsh'], 0, 1], [[-1, 'x'], 1, 1], [[123, 'bash'], 3, 2]])], f) },
  probe_key: {
    probes: 2,
    body: (f) => exit([counts('@', 'count', [probe], [[[0], 1, 0], [[1], 1, 1]]), counts('@p', 'count', [], [[[], 0, 1]])], f),
  },
  int_keys_signed: { body: (f) => exit([counts('@', 'count', [i64], [[[0], 1, 0], [[-100], 1, 1], [[-1], 2, 2]])], f) },
  empty_map: {
    body: (f) => {
      const h = spec('@h', 'hist', [i64]);
      return exit([counts('@a', 'count', [i64], []), counts('@b', 'sum', [i64, str()], []),
        counts('@c', 'count', [], [[[], 0, 0]]), m(h, [])], f);
    },
  },
  value_map: {
    body: (f) => {
      const v = spec('@v', 'value', [i64], { value: i64 });
      const z = spec('@z', 'value', [], { value: { type: 'int', size: 4, signed: false } });
      const w = spec('@w', 'value', [], { value: { type: 'int', size: 1, signed: true } });
      const x = spec('@x', 'value', [], { value: i64 }), y = spec('@y', 'value', [], { value: i64 });
      const one = (s: MapSpec, n: number | bigint) => m(s, [entry(key(s), [encodeInt(s, n)])]);
      return exit([m(v, [entry(key(v, 1), [encodeInt(v, -7)]), entry(key(v, 2), [encodeInt(v, 8)])]),
        one(w, -3), one(x, -5), one(y, 18446744073709551615n), one(z, 4294967295)], f);
    },
  },
  string_values: {
    body: (f) => {
      const s = spec('@s', 'value', [], { value: str() }), t = spec('@t', 'value', [str()], { value: str() });
      return exit([m(s, [entry(key(s), [enc(str(), 'hello')])]),
        m(t, [entry(key(t, 'c'), [enc(str(), 'ccc')]), entry(key(t, 'a'), [enc(str(), 'bb')]), entry(key(t, 'b'), [enc(str(), 'a')])])], f);
    },
  },
  tuple_values: {
    body: (f) => {
      const tl = tuple(i64, str(4), i64), ul = tuple(i64, str(2));
      const t = spec('@t', 'value', [], { value: tl }), u = spec('@u', 'value', [i64], { value: ul });
      return exit([m(t, [entry(key(t), [enc(tl, [1, 'two', -3])])]),
        m(u, [entry(key(u, 2), [enc(ul, [2, 'y'])]), entry(key(u, 1), [enc(ul, [5, 'x'])])])], f);
    },
  },
  sort_nonint: {
    body: (f) => {
      const v = spec('@v', 'value', [i64], { value: str() });
      const wl = tuple(i64, str(2)), w = spec('@w', 'value', [str()], { value: wl });
      return exit([
        m(v, [[256, 'a'], [1, 'b'], [-1, 'd'], [2, 'c']].map(([k, s]) => entry(key(v, k), [enc(str(), s)]))),
        m(w, [['b', 1, 'x'], ['ab', 2, 'y'], ['a', 3, 'z']].map(([k, n, s]) => entry(key(w, k), [enc(wl, [n, s])]))),
      ], f);
    },
  },
  sort_stats: {
    body: (f) => {
      const s = spec('@s', 'stats', [i64]), a = spec('@a', 'avg', [i64]);
      const rows = (x: MapSpec) => [entry(key(x, 1), avgs([10, 1], [0, 0])), entry(key(x, 2), avgs([6, 2], [9, 3])), entry(key(x, 3), avgs([4, 1], [4, 1]))];
      return exit([m(s, rows(s)), m(a, rows(a))], f);
    },
  },
  sort_hist: {
    body: (f) => exit([
      hists('@', [i64], [[[1], H([1000, 1000, 1000])], [[2], H([1])], [[3], H([100000, 1])]]),
      hists('@l', [str()], [[['x'], L([1, 1], 0, 10, 1)], [['y'], L([9], 0, 10, 1)]], [0, 10, 1]),
    ], f),
  },
  ties: {
    ties: true,
    body: (f) => exit([counts('@', 'count', [i64], [10, 2, 30, 4, 50].map((k) => [[k], 1, 0] as [unknown[], number, number])),
      counts('@s', 'count', [str()], ['d', 'b', 'a', 'c'].map((k) => [[k], 0, 1] as [unknown[], number, number]))], f),
  },
  json_escape: {
    body: (f) => {
      const t = spec('@t', 'value', [], { value: str() }), u = spec('@u', 'value', [str()], { value: i64 });
      return exit([counts('@s', 'count', [str()], [[['a"b\\c'], 1, 0]]),
        m(t, [entry(key(t), [enc(str(), 'x\\y"z')])]), m(u, [entry(key(u, 'tab\there'), [enc(i64, 5)])])], f);
    },
  },
  // print(@, top) / print(@, top, div) happen before exit's own print of every map.
  print_top: {
    body: (f) => {
      const s = counts('@', 'sum', [i64], [1, 2, 3, 4, 5].map((k) => [[k], k * 10 - 3, 3] as [unknown[], number, number]));
      return renderMap(s.spec, s.entries, { ...ctx, top: 2 }, f) + renderMap(s.spec, s.entries, { ...ctx, top: 10 }, f) + exit([s], f);
    },
  },
  print_div: {
    body: (f) => {
      const a = counts('@', 'sum', [i64], [[[1], 10, 0], [[2], 20, 5], [[3], -30, 0]]);
      const s = counts('@s', 'sum', [], [[[], 90, 9]]);
      return renderMap(a.spec, a.entries, { ...ctx, top: 0, div: 10 }, f) + renderMap(a.spec, a.entries, { ...ctx, top: 2, div: 3 }, f) +
        renderMap(s.spec, s.entries, { ...ctx, div: 10 }, f) + exit([a, s], f);
    },
  },
  print_hist_top: {
    body: (f) => {
      const h = hists('@', [i64], [[[1], H([1])], [[2], H([2, 2])], [[3], H([4, 4, 4])]]);
      const l = hists('@l', [], [[[], L([15, 35], 0, 100, 10)]], [0, 100, 10]);
      return renderMap(h.spec, h.entries, { ...ctx, top: 2 }, f) + renderMap(l.spec, l.entries, { ...ctx, div: 1 }, f) + exit([h, l], f);
    },
  },
  zero_maps: {
    body: (f) => {
      const h = hists('@h', [], [[[], H([])]]);
      const l = hists('@l', [i64], [[[1], L([], 0, 10, 1)]], [0, 10, 1]);
      return renderMap(h.spec, h.entries, ctx, f) + exit([h, l, counts('@c', 'count', [i64], [[[1], 0, 0]])], f);
    },
  },
};

const encodeInt = (s: MapSpec, n: number | bigint): Uint8Array => enc(s.value, n);

describe('maps match bpftrace 0.17', () => {
  for (const [name, c] of Object.entries(cases)) {
    for (const format of ['text', 'json'] as const) {
      it(`${name} (${format})`, () => {
        const exp = expected(name, format);
        const attach = renderAttached(c.probes ?? 1, format);
        expect(exp.startsWith(attach)).toBe(true);
        const actual = c.body(format);
        const want = exp.slice(attach.length);
        if (c.ties && actual !== want) expect(sameUpToTies(actual, want, format)).toBe(true);
        else expect(actual).toBe(want);
      });
    }
  }
});
