// Low-level readers over the little-endian byte layout described in codegen's manifest.ts.
// Pure: no node:* imports, so the renderers run in browsers too.

const utf8 = new TextDecoder('utf-8');

function view(bytes: Uint8Array): DataView {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Reads a 1/2/4/8-byte little-endian integer as a bigint (sign-extended when `signed`). */
export function readInt(bytes: Uint8Array, offset: number, size: 1 | 2 | 4 | 8, signed: boolean): bigint {
  const v = view(bytes);
  switch (size) {
    case 1: return BigInt(signed ? v.getInt8(offset) : v.getUint8(offset));
    case 2: return BigInt(signed ? v.getInt16(offset, true) : v.getUint16(offset, true));
    case 4: return BigInt(signed ? v.getInt32(offset, true) : v.getUint32(offset, true));
    case 8: return signed ? v.getBigInt64(offset, true) : v.getBigUint64(offset, true);
  }
}

export const readU64 = (b: Uint8Array, off: number): bigint => readInt(b, off, 8, false);
export const readI64 = (b: Uint8Array, off: number): bigint => readInt(b, off, 8, true);

/** A string stored NUL-terminated in a fixed-size slot (the NUL may be absent if it fills the slot). */
export function readCString(bytes: Uint8Array, offset: number, size: number): string {
  const end = Math.min(offset + size, bytes.length);
  let stop = offset;
  while (stop < end && bytes[stop] !== 0) stop++;
  return utf8.decode(bytes.subarray(offset, stop));
}
