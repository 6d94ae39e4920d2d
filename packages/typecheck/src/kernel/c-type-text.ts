// Turns the C type text of a tracepoint format field ("const char *", "struct sock *",
// "unsigned long", "pid_t") into a CType. Format files only give a size and a sign per
// field, so scalars take those; pointee types need their own size, which comes from the
// C keywords, a table of well-known kernel typedefs, or an optional resolver (BTF).

import type { CType } from './kernel-info.js';

/** Looks a typedef name up elsewhere (e.g. in BTF); undefined when unknown. */
export type TypedefResolver = (name: string) => CType | undefined;

// Qualifiers and address-space markers that change nothing about layout.
const IGNORED = new Set([
  'const', 'volatile', 'restrict', '__restrict', '__user', '__iomem', '__rcu', '__percpu',
  '__force', '__seg_gs', '__seg_fs', '__kernel', '__nocast', '__bitwise',
]);

const INT_WORDS = new Set(['signed', 'unsigned', 'char', 'short', 'int', 'long']);

/** Fixed-size kernel and libc typedefs (x86-64 / LP64), so pointees have a size without BTF. */
const KNOWN_TYPEDEFS: Record<string, [size: number, signed: boolean]> = {};
for (const [bits, names] of [
  [8, ['u8', '__u8', 'uint8_t', 'u_int8_t']],
  [16, ['u16', '__u16', 'uint16_t', 'u_int16_t', '__le16', '__be16', 'umode_t']],
  [32, ['u32', '__u32', 'uint32_t', 'u_int32_t', '__le32', '__be32', 'uid_t', 'gid_t', 'dev_t',
    'uint', 'gfp_t', 'qid_t']],
  [64, ['u64', '__u64', 'uint64_t', 'u_int64_t', '__le64', '__be64', 'size_t', 'sector_t',
    'ino_t', 'blkcnt_t', 'ulong', 'phys_addr_t', 'dma_addr_t', 'resource_size_t', 'uintptr_t']],
] as const) for (const n of names) KNOWN_TYPEDEFS[n] = [bits / 8, false];
for (const [bits, names] of [
  [8, ['s8', '__s8', 'int8_t']],
  [16, ['s16', '__s16', 'int16_t']],
  [32, ['s32', '__s32', 'int32_t', 'pid_t', 'tid_t', 'clockid_t', 'key_t', 'key_serial_t', 'mqd_t', 'timer_t']],
  [64, ['s64', '__s64', 'int64_t', 'ssize_t', 'loff_t', 'off_t', 'time64_t', 'ktime_t', 'intptr_t']],
] as const) for (const n of names) KNOWN_TYPEDEFS[n] = [bits / 8, true];

interface BaseType {
  /** 'int' words joined canonically, a typedef name, or a tagged name. */
  name: string;
  tag?: 'struct' | 'union' | 'enum';
  /** True when made only of C integer keywords. */
  intWords: boolean;
}

function splitWords(text: string): { base: BaseType; pointers: number } {
  const words = text.replace(/\*/g, ' * ').split(/\s+/).filter((w) => w && !IGNORED.has(w));
  const pointers = words.filter((w) => w === '*').length;
  const rest = words.filter((w) => w !== '*');
  if ((rest[0] === 'struct' || rest[0] === 'union' || rest[0] === 'enum') && rest[1])
    return { base: { name: rest[1], tag: rest[0], intWords: false }, pointers };
  const intWords = rest.length > 0 && rest.every((w) => INT_WORDS.has(w));
  return { base: { name: intWords ? canonicalInt(rest) : rest.join(' '), intWords }, pointers };
}

/** "unsigned" -> "unsigned int", "long unsigned int" -> "unsigned long", etc. */
function canonicalInt(words: string[]): string {
  const unsigned = words.includes('unsigned');
  const longs = words.filter((w) => w === 'long').length;
  let core = 'int';
  if (words.includes('char')) return unsigned ? 'unsigned char' : words.includes('signed') ? 'signed char' : 'char';
  else if (words.includes('short')) core = 'short';
  else if (longs === 1) core = 'long';
  else if (longs >= 2) core = 'long long';
  return unsigned ? `unsigned ${core}` : core;
}

function intKeywordSize(name: string): number {
  if (name.endsWith('char')) return 1;
  if (name.endsWith('short')) return 2;
  if (name.endsWith('long')) return 8; // LP64, and "long long"
  return 4;
}

/** The type a base names, with its natural size; undefined if nothing is known of it. */
function naturalType(base: BaseType, resolve?: TypedefResolver): CType | undefined {
  if (base.tag === 'struct' || base.tag === 'union') return { kind: 'record', union: base.tag === 'union', name: base.name };
  if (base.tag === 'enum') return { kind: 'enum', name: base.name, size: 4 };
  // Plain char is unsigned: the kernel builds with -funsigned-char since 6.2 (BTF agrees).
  if (base.intWords) return { kind: 'int', name: base.name, size: intKeywordSize(base.name), signed: !base.name.startsWith('unsigned') && base.name !== 'char' };
  if (base.name === 'void' || base.name === '') return { kind: 'void' };
  if (base.name === 'bool' || base.name === '_Bool') return { kind: 'bool' };
  const known = KNOWN_TYPEDEFS[base.name];
  if (known) return { kind: 'int', name: base.name, size: known[0], signed: known[1] };
  return resolve?.(base.name);
}

function wrapPointers(t: CType, n: number): CType {
  for (let i = 0; i < n; i++) t = { kind: 'pointer', to: t };
  return t;
}

// bpftrace 0.17 (TracepointFormatParser::adjust_integer_types) widens these to 64 bits
// when the slot is 8 bytes, as syscall arguments are; other known types keep their own size.
const WIDEN_SIGNED = new Set(['int']);
const WIDEN_UNSIGNED = new Set(['unsigned int', 'u32', 'pid_t', 'uid_t', 'gid_t']);

/**
 * A CType for a scalar or pointer field, given the format's slot `size` and `signed`. The
 * kernel widens syscall arguments to 8-byte slots ("int dfd; size:8"): those read as bpftrace
 * reads them (int -> s64, unsigned int -> u64, others their own type at the slot's start).
 * Unknown typedefs take the slot's size and sign.
 */
export function cTypeFromText(text: string, size: number, signed: boolean, resolve?: TypedefResolver): CType {
  const { base, pointers } = splitWords(text);
  if (pointers > 0) return wrapPointers(naturalType(base, resolve) ?? { kind: 'void' }, pointers);
  const natural = naturalType(base, resolve);
  if (natural?.kind === 'int') {
    if (size === 8 && WIDEN_SIGNED.has(base.name)) return { kind: 'int', name: 's64', size: 8, signed: true };
    if (size === 8 && WIDEN_UNSIGNED.has(base.name)) return { kind: 'int', name: 'u64', size: 8, signed: false };
    if (natural.size <= size) return natural;
  }
  if (natural?.kind === 'record' || natural?.kind === 'array' || natural?.kind === 'void' || natural?.kind === 'pointer') return natural;
  if (natural?.kind === 'bool' && size === 1) return natural;
  if (natural?.kind === 'func') return { kind: 'pointer', to: natural };
  if (natural?.kind === 'enum') return { kind: 'enum', name: natural.name, size };
  if (size === 1 || size === 2 || size === 4 || size === 8) return { kind: 'int', name: base.name, size, signed };
  // An opaque value of odd size: keep its layout as bytes.
  return { kind: 'array', elem: { kind: 'int', name: 'u8', size: 1, signed: false }, count: size };
}

/** The element type of an array field ("char" of "char comm[16]"), sized by itself. */
export function cElemTypeFromText(text: string, elemSize: number | undefined, resolve?: TypedefResolver): CType {
  const { base, pointers } = splitWords(text);
  const natural = naturalType(base, resolve);
  if (pointers > 0) return wrapPointers(natural ?? { kind: 'void' }, pointers);
  if (natural) return natural;
  const size = elemSize && [1, 2, 4, 8].includes(elemSize) ? elemSize : 1;
  return { kind: 'int', name: base.name, size, signed: false };
}

/** Byte size of a CType when it is knowable without looking records up. */
export function cTypeSize(t: CType): number | undefined {
  switch (t.kind) {
    case 'int': case 'enum': return t.size;
    case 'bool': return 1;
    case 'pointer': return 8;
    case 'array': { const e = cTypeSize(t.elem); return e === undefined ? undefined : e * t.count; }
    default: return undefined;
  }
}
