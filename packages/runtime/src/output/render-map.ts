// Renders one map (all its entries) as bpftrace 0.17 prints it at exit and on print(@m, top, div).
import type { MapSpec } from '@bpftrace-ts/artifact';
import { average, combine, type Combined } from './combine.js';
import { histJson, histText, type HistShape } from './hist.js';
import { jsonString } from './json-string.js';
import { compareKeys, decodeKey, decodeValue, jsonOf, keyJsonName, keyText, textOf, type Decoded } from './layouts.js';
import type { Resolvers } from './values.js';

export type OutputFormat = 'text' | 'json';

export interface MapEntry {
  key: Uint8Array;
  /** One buffer per CPU for per-CPU kinds; one buffer for kind 'value'. */
  values: Uint8Array[];
}

export interface RenderContext {
  probeNames: string[];
  /** print(@m, top): only the last `top` entries after sorting (0 or absent: all). */
  top?: number;
  /** print(@m, top, div): integer values and averages are divided by `div` (0, 1 or absent: unchanged). */
  div?: number;
  resolve?: Resolvers;
}

interface Row { key: Decoded[]; value: Combined; decoded?: Decoded }

function sortKey(spec: MapSpec, r: Row): bigint | undefined {
  const v = r.value;
  switch (v.kind) {
    case 'scalar': return v.value;
    case 'avg': return average(v);
    case 'buckets': return v.counts.reduce((a, b) => a + b, 0n);
    case 'value': return r.decoded?.kind === 'int' ? r.decoded.value : undefined;
  }
}

/** Unsigned byte-wise order of two keys, as C++ compares std::vector<uint8_t>. */
function compareKeyBytes(a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

/**
 * Rows in bpftrace's order: ascending by value (int values, counts, averages, a histogram's
 * total count); maps of non-int values by key. The sort is stable, so equal values keep the
 * order the entries came in: the kernel's hash order for count/sum/min/max/int maps (which
 * bpftrace does not fix either), but key-byte order for hist, lhist, avg and stats maps, which
 * bpftrace 0.17 gathers in a std::map before sorting (so print(@h, top) keeps the same entries).
 */
function rows(spec: MapSpec, entries: MapEntry[], ctx: RenderContext): Row[] {
  const out: Row[] = [];
  const byKeyFirst = spec.kind === 'hist' || spec.kind === 'lhist' || spec.kind === 'avg' || spec.kind === 'stats';
  if (byKeyFirst) entries = [...entries].sort((a, b) => compareKeyBytes(a.key, b.key));
  for (const e of entries) {
    const value = combine(spec, e.values);
    if (!value) continue;
    const key = decodeKey(spec.keys, e.key, ctx);
    const decoded = value.kind === 'value' ? decodeValue(spec.value, value.bytes, 0, ctx) : undefined;
    out.push({ key, value, decoded });
  }
  const byValue = spec.kind !== 'value' || spec.value.type === 'int';
  if (byValue) {
    const keyed = out.map((r) => ({ r, k: sortKey(spec, r) ?? 0n }));
    keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    out.splice(0, out.length, ...keyed.map((x) => x.r));
  } else {
    out.sort((a, b) => compareKeys(a.key, b.key));
  }
  const top = ctx.top ?? 0;
  return top > 0 && out.length > top ? out.slice(out.length - top) : out;
}

function divided(v: bigint, div: number | undefined): bigint {
  return div && div > 1 ? v / BigInt(div) : v;
}

function histShape(spec: MapSpec): HistShape {
  return spec.kind === 'lhist' && spec.lhist ? { kind: 'lhist', ...spec.lhist } : { kind: 'hist' };
}

function valueText(spec: MapSpec, r: Row, ctx: RenderContext): string {
  const v = r.value;
  switch (v.kind) {
    case 'scalar': return divided(v.value, ctx.div).toString();
    case 'avg': {
      const avg = average(v);
      return spec.kind === 'stats' ? `count ${v.count}, average ${avg}, total ${v.total}` : divided(avg, ctx.div).toString();
    }
    case 'value':
      return r.decoded!.kind === 'int' ? divided(r.decoded!.value, ctx.div).toString() : textOf(r.decoded!);
    case 'buckets': return histText(histShape(spec), v.counts);
  }
}

function valueJson(spec: MapSpec, r: Row, ctx: RenderContext): string {
  const v = r.value;
  switch (v.kind) {
    case 'scalar': return divided(v.value, ctx.div).toString();
    case 'avg': {
      const avg = average(v);
      return spec.kind === 'stats' ? `{"count": ${v.count}, "average": ${avg}, "total": ${v.total}}` : divided(avg, ctx.div).toString();
    }
    case 'value':
      return r.decoded!.kind === 'int' ? divided(r.decoded!.value, ctx.div).toString() : jsonOf(r.decoded!);
    case 'buckets': return histJson(histShape(spec), v.counts);
  }
}

function renderText(spec: MapSpec, list: Row[], ctx: RenderContext): string {
  if (list.length === 0) return '\n';
  const isHist = spec.kind === 'hist' || spec.kind === 'lhist';
  let out = '';
  for (const r of list) {
    const head = `${spec.name}${keyText(r.key)}: `;
    // A histogram starts on the line after its header and is followed by a blank line.
    out += isHist ? `${head}\n${valueText(spec, r, ctx)}\n` : `${head}${valueText(spec, r, ctx)}\n`;
  }
  // avg and stats maps end with a blank line; count, sum, min, max and plain values do not.
  if (spec.kind === 'avg' || spec.kind === 'stats') out += '\n';
  return out;
}

function renderJson(spec: MapSpec, list: Row[], ctx: RenderContext): string {
  if (list.length === 0) return '';
  const type = spec.kind === 'hist' || spec.kind === 'lhist' ? 'hist'
    : spec.kind === 'avg' || spec.kind === 'stats' ? 'stats' : 'map';
  const data = spec.keys.length === 0
    ? valueJson(spec, list[0]!, ctx)
    : `{${list.map((r) => `${jsonString(keyJsonName(r.key))}: ${valueJson(spec, r, ctx)}`).join(', ')}}`;
  return `{"type": "${type}", "data": {${jsonString(spec.name)}: ${data}}}\n`;
}

/** One map, as bpftrace 0.17 prints it (text: "@x: 1\n" lines; json: one line). */
export function renderMap(spec: MapSpec, entries: MapEntry[], ctx: RenderContext, format: OutputFormat): string {
  // bpftrace 0.17 ignores print()'s top and div on stats maps (its checker warns so).
  if (spec.kind === 'stats') ctx = { ...ctx, top: 0, div: 0 };
  const list = rows(spec, entries, ctx);
  return format === 'json' ? renderJson(spec, list, ctx) : renderText(spec, list, ctx);
}

/**
 * The maps bpftrace prints when it exits: every map in name order (byte order:
 * "@" < "@M" < "@a"), each with renderMap. EXIT_SEPARATOR comes before them, on
 * the terminal even when the output goes to a file (-o).
 */
export const EXIT_SEPARATOR = '\n\n';

export function renderExitMaps(
  maps: { spec: MapSpec; entries: MapEntry[] }[], ctx: RenderContext, format: OutputFormat,
): string {
  const sorted = [...maps].sort((a, b) => (a.spec.name < b.spec.name ? -1 : a.spec.name > b.spec.name ? 1 : 0));
  return sorted.map((m) => renderMap(m.spec, m.entries, { ...ctx, top: 0, div: 0 }, format)).join('');
}
