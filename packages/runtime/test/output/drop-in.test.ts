// The renderers on the output of packages/cli's drop-in cases, against what bpftrace 0.17 printed
// for them (packages/cli/test/fixtures/bpftrace-drop-in.json): the same values, packed as codegen
// lays them out, must print the same bytes. (packages/cli/test/drop-in.test.ts runs them for real.)
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import {
  EXIT_SEPARATOR, formatPrintf, renderAttached, renderExitMaps, renderMap, renderPrintfOutput, type OutputFormat,
} from '../../src/output/index.js';
import { avgs, entry, histCounts, i64, key, lhistCounts, record, spec, splitBuckets } from './helpers.js';

const recorded = (name: string): string => (JSON.parse(readFileSync(
  new URL('../../../cli/test/fixtures/bpftrace-drop-in.json', import.meta.url), 'utf8')) as {
  cases: Record<string, { stdout: string }>;
}).cases[name]!.stdout;

const ctx = { probeNames: ['BEGIN'] };
const text: OutputFormat = 'text';

describe('renderers on the drop-in cases match bpftrace 0.17', () => {
  it('%r, %rx and %rh', () => {
    const b = Uint8Array.of(0x48, 0x69, 0x01, 0x7f, 0x7e);
    const buffer = { type: 'buffer', size: 5 } as const;
    const { bytes, fields } = record([buffer, b], [buffer, b], [buffer, b]);
    const out = renderAttached(1, text) + renderPrintfOutput(formatPrintf('[%r] [%rx] [%rh]\n', fields, bytes, ctx), text);
    expect(out + EXIT_SEPARATOR + renderExitMaps([], ctx, text)).toBe(recorded('printf-buffers'));
  });

  it('lhist labels with K and M', () => {
    const lh = (name: string, v: number, min: number, max: number, step: number) => {
      const s = spec(name, 'lhist', [], { lhist: [min, max, step] });
      return { spec: s, entries: [entry(key(s), splitBuckets(lhistCounts([v], min, max, step)))] };
    };
    const maps = [lh('@k', 1500, 0, 4096, 1024), lh('@m', 3145728, 0, 4194304, 1048576), lh('@n', 2047, 1024, 3072, 1024), lh('@p', 5, 0, 10, 1)];
    expect(renderAttached(1, text) + EXIT_SEPARATOR + renderExitMaps(maps, ctx, text)).toBe(recorded('lhist-suffixes'));
  });

  it('print(@, top) of hist and avg maps: ties in key order', () => {
    const h = spec('@h', 'hist', [i64]);
    // Entries in the kernel's (hash) order: not the key order bpftrace sorts ties by.
    const hs = [[3, 30], [2, 20], [1, 10]].map(([k, v]) => entry(key(h, k), splitBuckets(histCounts([v!]))));
    const a = spec('@a', 'avg', [i64]);
    const as = [3, 1, 2].map((k) => entry(key(a, k), avgs([5, 1], [0, 0])));
    const out = renderAttached(1, text) + renderMap(h, hs, { ...ctx, top: 2 }, text) + renderMap(h, hs, { ...ctx, top: 10 }, text)
      + renderMap(a, as, { ...ctx, top: 1 }, text);
    // At exit, all of both maps, in the same order.
    expect(out + EXIT_SEPARATOR + renderExitMaps([{ spec: a, entries: as }, { spec: h, entries: hs }], ctx, text))
      .toBe(recorded('print-top-hist'));
  });

  it('cat() and system() output in JSON', () => {
    const json: OutputFormat = 'json';
    const end = EXIT_SEPARATOR + renderExitMaps([], ctx, json);
    expect(renderAttached(1, json) + renderPrintfOutput('Linux\n', json, 'cat') + end).toBe(recorded('json-cat'));
    expect(renderAttached(1, json) + renderPrintfOutput('a b c\n', json, 'syscall') + end).toBe(recorded('json-system'));
  });
});
