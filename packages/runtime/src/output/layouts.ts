// Decoding of ValueLayout bytes into plain values, and their text / JSON forms.
// The runtime uses these too (e.g. to decode map keys), so this is the one place that knows
// how ints, strings and tuples sit in memory.
import { layoutSize, type ValueLayout } from '@bpftrace-ts/artifact';
import { readCString, readInt } from './bytes.js';
import { jsonString } from './json-string.js';
import { renderSpecial, type ValueContext } from './values.js';

export type Decoded =
  | { kind: 'int'; value: bigint }
  /** A string value, or the rendered text of a special layout (probe, ksym, inet, ...). */
  /** `raw`: bpftrace 0.17 writes these values unquoted in JSON (mac_address, timestamp, cgroup_path). */
  | { kind: 'str'; text: string; raw?: boolean }
  | { kind: 'tuple'; items: Decoded[] }
  /** A struct/union value, members in declaration order. */
  | { kind: 'record'; fields: { name: string; value: Decoded }[] }
  | { kind: 'array'; items: Decoded[] }
  | { kind: 'none' };

export function decodeValue(layout: ValueLayout, bytes: Uint8Array, offset: number, ctx: ValueContext): Decoded {
  switch (layout.type) {
    case 'int': return { kind: 'int', value: readInt(bytes, offset, layout.size, layout.signed) };
    case 'string': return { kind: 'str', text: readCString(bytes, offset, layout.size) };
    case 'tuple':
      return { kind: 'tuple', items: layout.fields.map((f) => decodeValue(f.layout, bytes, offset + f.offset, ctx)) };
    case 'record':
      return {
        kind: 'record',
        fields: layout.fields.map((f) => {
          let value = decodeValue(f.layout, bytes, offset + f.offset, ctx);
          if (f.bits && value.kind === 'int') value = { kind: 'int', value: (BigInt.asUintN(64, value.value) >> BigInt(f.bits.offset)) & ((1n << BigInt(f.bits.size)) - 1n) };
          return { name: f.name, value };
        }),
      };
    case 'array': {
      const size = layoutSize(layout.elem);
      return { kind: 'array', items: Array.from({ length: layout.count }, (_, i) => decodeValue(layout.elem, bytes, offset + i * size, ctx)) };
    }
    case 'none': return { kind: 'none' };
    default: {
      const text = renderSpecial(layout, bytes, offset, ctx) ?? '';
      const raw = layout.type === 'mac_address' || layout.type === 'timestamp' || layout.type === 'cgroup_path';
      return raw ? { kind: 'str', text, raw } : { kind: 'str', text };
    }
  }
}

/**
 * Decodes a map key (all its fields; [] for a map without key). bpftrace 0.17 prints an
 * integer key field as a signed integer of its size whatever its type (its MapKey reads
 * int64_t): `@[(uint64)-1]` prints `@[-1]`, `@[(uint32)-1]` (zero-extended) `@[4294967295]`.
 */
export function decodeKey(keys: { offset: number; layout: ValueLayout }[], bytes: Uint8Array, ctx: ValueContext): Decoded[] {
  const keyCtx = { ...ctx, inKey: true };
  return keys.map((k) => decodeValue(k.layout.type === 'int' ? { ...k.layout, signed: true } : k.layout, bytes, k.offset, keyCtx));
}

/**
 * Text form: ints in decimal, strings raw, tuples as "(1, two)", arrays as "[1,2]",
 * records as "{ .m = 1, .n = 2 }" (in a map key bpftrace writes them "{.m=1,.n=2}").
 */
export function textOf(d: Decoded, inKey = false): string {
  switch (d.kind) {
    case 'int': return d.value.toString();
    case 'str': return d.text;
    case 'tuple': return `(${d.items.map((x) => textOf(x, inKey)).join(', ')})`;
    case 'array': return `[${d.items.map((x) => textOf(x, inKey)).join(',')}]`;
    case 'record':
      return inKey
        ? `{${d.fields.map((f) => `.${f.name}=${textOf(f.value, true)}`).join(',')}}`
        : `{ ${d.fields.map((f) => `.${f.name} = ${textOf(f.value)}`).join(', ')} }`;
    case 'none': return '';
  }
}

/** JSON form: ints as numbers, strings quoted, tuples as arrays without spaces ([1,"two"]). */
export function jsonOf(d: Decoded): string {
  switch (d.kind) {
    case 'int': return d.value.toString();
    case 'str': return d.raw ? d.text : jsonString(d.text);
    case 'tuple': case 'array': return `[${d.items.map(jsonOf).join(',')}]`;
    case 'record': return `{ ${d.fields.map((f) => `${jsonString(f.name)}: ${jsonOf(f.value)}`).join(', ')} }`;
    case 'none': return 'null';
  }
}

/** Text of a key as bpftrace prints it after the map name: "", "[1]", "[123, bash]". */
export function keyText(key: Decoded[]): string {
  return key.length === 0 ? '' : `[${key.map((k) => textOf(k, true)).join(', ')}]`;
}

/** JSON object member name of a key: multi-keys joined by "," ("123,bash"). */
export function keyJsonName(key: Decoded[]): string {
  return key.map((k) => textOf(k, true)).join(',');
}

/**
 * Key order used when values are not integers (string, tuple values): field by field,
 * ints compared as unsigned 64-bit (bpftrace lists -1 after 256), strings by code unit.
 */
export function compareKeys(a: Decoded[], b: Decoded[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const c = compareDecoded(a[i]!, b[i]!);
    if (c !== 0) return c;
  }
  return a.length - b.length;
}

function compareDecoded(a: Decoded, b: Decoded): number {
  if (a.kind === 'int' && b.kind === 'int') {
    const x = BigInt.asUintN(64, a.value), y = BigInt.asUintN(64, b.value);
    return x < y ? -1 : x > y ? 1 : 0;
  }
  if (a.kind === 'tuple' && b.kind === 'tuple') return compareKeys(a.items, b.items);
  const x = textOf(a), y = textOf(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
