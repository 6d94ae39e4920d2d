// Strings: constants, str(), comparisons (==, != and strncmp), strcontains. A string value is
// a pointer to a zeroed stack buffer at least as long as its type's size.

import { readHelperFor } from './addrspace.js';
import type { Call } from '@bpftrace-ts/parser';
import type { ProbeCtx } from './context.js';
import { genExpr, layoutOfExpr, typeOf } from './expressions.js';
import { callHelper } from './helpers.js';
import { readChecked } from './helper-errors.js';
import { I64, I8P, Value, i64 } from './ir-builder.js';
import { dataLocAddress } from './fields.js';
import { isScalar, layoutOf, storeConverted } from './layout.js';
import { layoutSize } from './manifest.js';
import { zeroBuffer } from './maps.js';

export const DEFAULT_STR_SIZE = 64;

/** A zeroed stack buffer holding a string constant (truncated/padded to `size`). */
export function constString(p: ProbeCtx, s: string, size: number): Value {
  const bytes = new TextEncoder().encode(s).slice(0, Math.max(0, size - 1));
  const buf = zeroBuffer(p.f, size, 'str');
  // Store 8 bytes at a time where possible: fewer instructions than byte stores.
  for (let off = 0; off < bytes.length; off += 8) {
    let w = 0n;
    for (let i = 7; i >= 0; i--) w = (w << 8n) | BigInt(bytes[off + i] ?? 0);
    p.f.store(i64(w), p.f.bytePtr(buf, off, I64), 8);
  }
  return buf;
}

/** `str(ptr[, n])`: read a NUL-terminated string into a buffer of the call's type size. */
export function genStr(p: ProbeCtx, e: Call): Value {
  const f = p.f;
  const t = typeOf(p, e);
  const size = t.tag === 'string' ? t.size : DEFAULT_STR_SIZE;
  const arg = e.args[0];
  // A __data_loc string lives in the trace record itself (kernel memory).
  const dataLoc = dataLocAddress(p, arg);
  const v = dataLoc ?? genExpr(p, arg);
  const buf = zeroBuffer(f, size, 'str');
  if (v.type === I8P) {
    // Already a string (str($1), str(comm)): copy it into a buffer of the call's size.
    storeConverted(f, buf, 0, v, layoutOfExpr(p, arg), { type: 'string', size });
    return buf;
  }
  let len: Value = i64(size);
  if (e.args[1]) {
    // str(p, n): at most n bytes plus the terminating NUL, never more than the buffer.
    const n = f.bin('add', genExpr(p, e.args[1]), i64(1));
    len = f.select(f.icmp('ult', n, i64(size)), n, i64(size));
  }
  readChecked(p, dataLoc ? 'probe_read_kernel_str' : readHelperFor(p, arg, true), [buf, len, f.cast('inttoptr', v, I8P)], e.range);
  return buf;
}

/**
 * 1 when the strings differ in their first `n` bytes (stopping after a common
 * NUL, unless `bytes`: arrays compare every byte), else 0; `equal` flips it.
 * Fully unrolled: no loop for the verifier.
 */
export function strDiffer(p: ProbeCtx, a: Value, b: Value, n: number, equal: boolean, bytes = false): Value {
  const f = p.f;
  const join = f.newBlock('strcmp');
  const yes = i64(equal ? 0 : 1);
  const no = i64(equal ? 1 : 0);
  const incoming: [Value, typeof join][] = [];
  for (let i = 0; i < n; i++) {
    const ca = f.load('i8', f.bytePtr(a, i, 'i8'));
    const cb = f.load('i8', f.bytePtr(b, i, 'i8'));
    const next = f.newBlock('strnext');
    incoming.push([yes, f.current]);
    f.condBr(f.icmp('ne', ca, cb), join, next);
    f.setBlock(next);
    if (bytes) continue;
    const more = f.newBlock('strmore');
    incoming.push([no, f.current]);
    f.condBr(f.icmp('eq', ca, { type: 'i8', ref: '0' }), join, more);
    f.setBlock(more);
  }
  incoming.push([no, f.current]);
  f.br(join);
  f.setBlock(join);
  return f.phi(I64, incoming);
}

/** Bytes of a string operand's buffer (a buffer or array: its own bytes; reading past them is outside the stack slot). */
function bufferSize(p: ProbeCtx, x: Call['args'][number]): number {
  const t = typeOf(p, x);
  if (t.tag === 'string') return t.size;
  const l = layoutOf(t);
  return isScalar(l) ? DEFAULT_STR_SIZE : layoutSize(l);
}

/** Bytes two string operands can be compared over: the shorter buffer. */
export function comparable(p: ProbeCtx, a: Call['args'][number], b: Call['args'][number]): number {
  return Math.min(bufferSize(p, a), bufferSize(p, b));
}

/**
 * strcontains(haystack, needle): 1 when the needle's text occurs in the haystack's, else 0
 * (the empty needle occurs everywhere). Two literals fold to a constant. Otherwise fully
 * unrolled (no loop for the verifier): at each start j, the needle's bytes against the
 * haystack's until the needle's NUL (found), a mismatch (next j) or the end of the haystack's
 * buffer (not found); a NUL at j ends the haystack. bpftrace 0.17 only tries the starts
 * where a needle of its whole buffer size fits, so a needle buffer as large as the
 * haystack's only matches a prefix: a bug not copied.
 */
export function genStrcontains(p: ProbeCtx, e: Call): Value {
  const [a, b] = e.args;
  if (!a || !b) return i64(0);
  if (a.kind === 'String' && b.kind === 'String') return i64(a.value.includes(b.value) ? 1 : 0);
  const f = p.f;
  const hay = genExpr(p, a);
  // A literal needle is known byte by byte, up to its first NUL.
  const literal = b.kind === 'String' ? new TextEncoder().encode(b.value.split('\0')[0]) : undefined;
  if (literal?.length === 0) return i64(1);
  const needle = literal ? undefined : genExpr(p, b);
  if (hay.type !== I8P || (needle && needle.type !== I8P)) return i64(0);
  const hayLen = bufferSize(p, a);
  const needleLen = literal ? literal.length : bufferSize(p, b);
  const found = f.newBlock('contains.found');
  const missing = f.newBlock('contains.missing');
  const done = f.newBlock('contains.done');
  const zero: Value = { type: 'i8', ref: '0' };
  for (let j = 0; j < hayLen; j++) {
    const nextStart = f.newBlock('contains.next');
    let i = 0;
    for (; i < needleLen && j + i < hayLen; i++) {
      let cb: Value;
      if (literal) {
        cb = { type: 'i8', ref: String(literal[i]! > 127 ? literal[i]! - 256 : literal[i]!) };
      } else {
        cb = f.load('i8', f.bytePtr(needle!, i, 'i8'));
        const more = f.newBlock('contains.more');
        f.condBr(f.icmp('eq', cb, zero), found, more);
        f.setBlock(more);
      }
      const ca = f.load('i8', f.bytePtr(hay, j + i, 'i8'));
      const same = f.newBlock('contains.same');
      f.condBr(f.icmp('ne', ca, cb), nextStart, same);
      f.setBlock(same);
    }
    // The whole needle matched, or it runs past the haystack's buffer (so does every later start).
    f.br(i === needleLen ? found : missing);
    f.setBlock(nextStart);
    const atEnd = f.icmp('eq', f.load('i8', f.bytePtr(hay, j, 'i8')), zero);
    const onward = f.newBlock('contains.start');
    f.condBr(atEnd, missing, onward);
    f.setBlock(onward);
  }
  f.br(missing);
  f.setBlock(found);
  f.br(done);
  f.setBlock(missing);
  f.br(done);
  f.setBlock(done);
  return f.phi(I64, [[i64(1), found], [i64(0), missing]]);
}

/** strncmp(a, b, n): 0 when the first n bytes match (as bpftrace: 0 or 1, not a difference). */
export function genStrncmp(p: ProbeCtx, e: Call): Value {
  const [a, b, n] = e.args;
  const limit = n?.kind === 'Integer' ? Number(n.value) : 0;
  const va = genExpr(p, a);
  const vb = genExpr(p, b);
  if (va.type !== I8P || vb.type !== I8P) return i64(1);
  return strDiffer(p, va, vb, Math.min(limit, comparable(p, a, b)), false);
}
