// printf() as bpftrace 0.17 formats it. It cuts the format after each conversion it recognises
// and runs C's snprintf on each piece with that one argument (so "%%" in a piece becomes "%"),
// then appends the text after the last conversion verbatim ("%%" there stays "%%").
import type { EventField } from '@bpftrace-ts/artifact';
import { decodeValue, textOf } from './layouts.js';
import { bufferText, type ValueContext } from './values.js';

/** The conversions bpftrace's format checker counts as arguments (no %i, no +, space or # flags). */
const SPECIFIER = /%[-0]*\d*(?:\.\d+)?(?:(?:hh|h|ll|l|z|j)?[cdsuxXop]|r[xh]?)/g;
/** A piece ending in a buffer conversion (%r, %rx, %rh): the buffer is printed as a string there. */
const BUFFER_CONV = /%r([xh]?)$/;

export type PrintfArg = bigint | string;

/** Cuts a format into the pieces that each take one argument, and the verbatim tail. */
export function splitFormat(format: string): { pieces: string[]; tail: string } {
  const pieces: string[] = [];
  let start = 0;
  for (const m of format.matchAll(SPECIFIER)) {
    const end = m.index! + m[0].length;
    pieces.push(format.slice(start, end));
    start = end;
  }
  return { pieces, tail: format.slice(start) };
}

/** Formats printf's fields from an event record; field offsets are from the start of `record`. */
export function formatPrintf(format: string, fields: EventField[], record: Uint8Array, ctx: ValueContext): string {
  const { pieces } = splitFormat(format);
  const args = fields.map((f, i): PrintfArg => {
    const flavour = BUFFER_CONV.exec(pieces[i] ?? '')?.[1] as '' | 'x' | 'h' | undefined;
    if (flavour !== undefined && f.layout.type === 'buffer') return bufferText(record, f.offset, f.layout.size, flavour);
    const d = decodeValue(f.layout, record, f.offset, ctx);
    return d.kind === 'int' ? d.value : textOf(d);
  });
  return formatWithArgs(format, args);
}

export function formatWithArgs(format: string, args: PrintfArg[]): string {
  const { pieces, tail } = splitFormat(format);
  // With no conversion at all, bpftrace prints the format unchanged.
  if (pieces.length === 0) return format;
  // Like bpftrace, a buffer conversion becomes %s for snprintf.
  return pieces.map((p, i) => snprintf1(p.replace(BUFFER_CONV, '%s'), args[i])).join('') + tail;
}

const CONV = /^%([-0+ #]*)(\d*)(?:\.(\d*))?(hh|h|ll|l|L|q|j|z|t)?([diouxXcsp])/;

/** C snprintf over `piece` with (at most) one argument. */
export function snprintf1(piece: string, arg: PrintfArg | undefined): string {
  let out = '';
  let used = false;
  for (let i = 0; i < piece.length; ) {
    const ch = piece[i]!;
    if (ch !== '%') { out += ch; i++; continue; }
    if (piece[i + 1] === '%') { out += '%'; i += 2; continue; }
    const m = CONV.exec(piece.slice(i));
    if (!m || used || arg === undefined) { out += ch; i++; continue; }   // glibc leaves unknown specs as text
    used = true;
    out += convert(m[1]!, m[2]!, m[3], m[4] ?? '', m[5]!, arg);
    i += m[0].length;
  }
  return out;
}

function bitsOf(length: string): number {
  switch (length) {
    case 'hh': return 8;
    case 'h': return 16;
    case '': return 32;     // plain %d/%u/%x take an int: bpftrace's 64-bit values are truncated
    default: return 64;
  }
}

function pad(body: string, width: number, left: boolean, zeroFrom = -1): string {
  if (body.length >= width) return body;
  if (left) return body.padEnd(width);
  if (zeroFrom >= 0) return body.slice(0, zeroFrom) + '0'.repeat(width - body.length) + body.slice(zeroFrom);
  return body.padStart(width);
}

function convert(flags: string, w: string, prec: string | undefined, length: string, conv: string, arg: PrintfArg): string {
  const left = flags.includes('-');
  const width = w === '' ? 0 : Number(w);
  const precision = prec === undefined ? undefined : prec === '' ? 0 : Number(prec);
  if (conv === 's') {
    let s = typeof arg === 'string' ? arg : arg.toString();
    if (precision !== undefined) s = s.slice(0, precision);
    return pad(s, width, left);
  }
  const n = typeof arg === 'bigint' ? arg : 0n;
  if (conv === 'c') return pad(String.fromCharCode(Number(BigInt.asUintN(8, n))), width, left);
  if (conv === 'p') {
    const u = BigInt.asUintN(64, n);
    return pad(u === 0n ? '(nil)' : '0x' + u.toString(16), width, left);
  }
  const bits = bitsOf(length);
  const signed = conv === 'd' || conv === 'i';
  const v = signed ? BigInt.asIntN(bits, n) : BigInt.asUintN(bits, n);
  const neg = v < 0n;
  const mag = neg ? -v : v;
  let digits = conv === 'o' ? mag.toString(8) : conv === 'x' ? mag.toString(16)
    : conv === 'X' ? mag.toString(16).toUpperCase() : mag.toString();
  if (precision !== undefined) digits = precision === 0 && mag === 0n ? '' : digits.padStart(precision, '0');
  let prefix = neg ? '-' : signed && flags.includes('+') ? '+' : signed && flags.includes(' ') ? ' ' : '';
  if (flags.includes('#') && mag !== 0n) {
    if (conv === 'x') prefix += '0x';
    else if (conv === 'X') prefix += '0X';
    else if (conv === 'o' && !digits.startsWith('0')) digits = '0' + digits;
  }
  // The 0 flag pads after the sign; it is ignored with '-' or a precision.
  const zero = flags.includes('0') && !left && precision === undefined;
  return pad(prefix + digits, width, left, zero ? prefix.length : -1);
}
