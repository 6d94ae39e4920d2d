// Positional parameters of an artifact: which a run may change (integers read from globals,
// Manifest.paramGlobals) and which were compiled in; and writing the globals before load.
import { artifactError, type ArtifactError } from './errors.js';
import { elfSymbols, readElf, SHT_NOBITS } from './elf.js';
import type { Manifest } from './manifest.js';

const INT64_MIN = -(1n << 63n);
const INT64_MAX = (1n << 63n) - 1n;

/**
 * A parameter's value as a number, read as bpftrace 0.17 reads it (C's stoll with base 0):
 * blanks and a sign, then hex, octal or decimal digits to the end, within int64. The same rule
 * as the type checker's positionalInt (which the browser frontend cannot import from here); a
 * test holds the two to the same answers.
 */
export function paramInt(text: string): bigint | undefined {
  const m = /^[ \t\n\v\f\r]*([+-]?)(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)$/.exec(text);
  if (!m) return undefined;
  const [, sign, digits] = m as unknown as [string, string, string];
  const magnitude = /^0[0-7]+$/.test(digits) ? BigInt(`0o${digits.slice(1)}`) : BigInt(digits);
  const value = sign === '-' ? -magnitude : magnitude;
  return value < INT64_MIN || value > INT64_MAX ? undefined : value;
}

export type ParamsResult = { ok: true; object: Uint8Array } | { ok: false; error: ArtifactError };

const show = (ps: readonly string[]) => (ps.length === 0 ? 'none' : ps.map((p, i) => `$${i + 1}=${JSON.stringify(p)}`).join(' '));

/**
 * The object to load for a run given `params`: the compiled-in parameters must be the same,
 * the integer ones read from globals may differ (their new values are written into the
 * object's `.rodata`). `object` is not modified.
 */
export function applyParams(object: Uint8Array, manifest: Manifest, params: readonly string[]): ParamsResult {
  const fail = (message: string): ParamsResult => ({ ok: false, error: artifactError('bad-params', message) });
  const compiled = manifest.params ?? [];
  const free = new Map((manifest.paramGlobals ?? []).map((g) => [g.index, g.symbol]));
  if (params.length !== compiled.length) {
    return fail(`compiled with ${compiled.length} positional parameter${compiled.length === 1 ? '' : 's'} (${show(compiled)}), given ${params.length} (${show(params)}): give as many`);
  }
  const values = new Map<string, bigint>();
  for (const [i, p] of params.entries()) {
    const index = i + 1;
    const symbol = free.get(index);
    if (symbol !== undefined) {
      const n = paramInt(p);
      if (n === undefined) return fail(`$${index} must be an integer (it was compiled as one), given ${JSON.stringify(p)}`);
      values.set(symbol, n);
    } else if (p !== compiled[i]) {
      return fail(`$${index} shapes the program (a probe, a size, a string...): it was compiled as ${JSON.stringify(compiled[i])}, given ${JSON.stringify(p)}; compile again with it`);
    }
  }
  if (values.size === 0) return { ok: true, object };
  const read = readElf(object);
  if (!read.ok) return read;
  const out = object.slice();
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  const symbols = new Map(elfSymbols(read.elf).map((s) => [s.name, s]));
  for (const [name, value] of values) {
    const sym = symbols.get(name);
    const section = sym && read.elf.sections[sym.section];
    if (!sym || !section || section.type === SHT_NOBITS || sym.size !== 8 || sym.value + 8 > section.size) {
      return { ok: false, error: artifactError('object-mismatch', `manifest.paramGlobals: the object has no 8-byte global ${JSON.stringify(name)}`) };
    }
    view.setBigInt64(section.offset + sym.value, value, true);
  }
  return { ok: true, object: out };
}
