// The other lines bpftrace prints around maps: the attach banner, printf output in JSON mode,
// and print() of a non-map value.
import type { ValueLayout } from '@bpftrace-ts/artifact';
import { jsonString } from './json-string.js';
import { decodeValue, jsonOf, textOf } from './layouts.js';
import type { OutputFormat } from './render-map.js';
import type { ValueContext } from './values.js';

/** "Attaching 1 probe...\n" / "Attaching 2 probes...\n", or the JSON "attached_probes" line. */
export function renderAttached(probes: number, format: OutputFormat): string {
  return format === 'json'
    ? `{"type": "attached_probes", "data": {"probes": ${probes}}}\n`
    : `Attaching ${probes} probe${probes === 1 ? '' : 's'}...\n`;
}

/**
 * Output of printf/system/cat text: raw in text mode, one line in JSON mode whose type says
 * where it came from, as bpftrace 0.17 names it: "printf", "syscall" (system()) or "cat".
 */
export function renderPrintfOutput(text: string, format: OutputFormat, type: 'printf' | 'syscall' | 'cat' = 'printf'): string {
  return format === 'json' ? `{"type": "${type}", "data": ${jsonString(text)}}\n` : text;
}

/** print(expr) of a non-map value: "5\n", "(1, a)\n", or {"type": "value", "data": 5}. */
export function renderPrintValue(layout: ValueLayout, bytes: Uint8Array, offset: number, ctx: ValueContext, format: OutputFormat): string {
  const d = decodeValue(layout, bytes, offset, ctx);
  return format === 'json' ? `{"type": "value", "data": ${jsonOf(d)}}\n` : `${textOf(d)}\n`;
}
