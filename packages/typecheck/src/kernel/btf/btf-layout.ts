// The BTF binary layout (include/uapi/linux/btf.h, Documentation/bpf/btf.rst), as constants
// and small readers. A .BTF blob is a header, then a type section and a string section whose
// offsets are relative to the end of the header.

export const BTF_MAGIC = 0xeb9f;

export const BtfKind = {
  Unknown: 0, Int: 1, Ptr: 2, Array: 3, Struct: 4, Union: 5, Enum: 6, Fwd: 7,
  Typedef: 8, Volatile: 9, Const: 10, Restrict: 11, Func: 12, FuncProto: 13, Var: 14,
  Datasec: 15, Float: 16, DeclTag: 17, TypeTag: 18, Enum64: 19,
} as const;

export const KIND_NAMES = [
  'UNKN', 'INT', 'PTR', 'ARRAY', 'STRUCT', 'UNION', 'ENUM', 'FWD', 'TYPEDEF', 'VOLATILE',
  'CONST', 'RESTRICT', 'FUNC', 'FUNC_PROTO', 'VAR', 'DATASEC', 'FLOAT', 'DECL_TAG', 'TYPE_TAG', 'ENUM64',
];

/** Every type starts with 12 bytes: name_off, info (vlen:16, kind:5 at 24, kind_flag at 31), size|type. */
export const TYPE_HEADER_SIZE = 12;

// BTF_INT_ENCODING bits, in the u32 that follows an INT.
export const INT_SIGNED = 1;
export const INT_CHAR = 2;
export const INT_BOOL = 4;

export interface BtfHeader {
  littleEndian: boolean;
  version: number;
  flags: number;
  hdrLen: number;
  typeOff: number;
  typeLen: number;
  strOff: number;
  strLen: number;
}

export function readHeader(view: DataView): BtfHeader {
  if (view.byteLength < 24) throw new Error('BTF: too short for a header');
  const magicLE = view.getUint16(0, true);
  const littleEndian = magicLE === BTF_MAGIC;
  if (!littleEndian && view.getUint16(0, false) !== BTF_MAGIC) throw new Error(`BTF: bad magic 0x${magicLE.toString(16)}`);
  const u32 = (at: number) => view.getUint32(at, littleEndian);
  const h: BtfHeader = {
    littleEndian, version: view.getUint8(2), flags: view.getUint8(3), hdrLen: u32(4),
    typeOff: u32(8), typeLen: u32(12), strOff: u32(16), strLen: u32(20),
  };
  if (h.version !== 1) throw new Error(`BTF: unsupported version ${h.version}`);
  const end = (off: number, len: number) => h.hdrLen + off + len;
  if (end(h.typeOff, h.typeLen) > view.byteLength || end(h.strOff, h.strLen) > view.byteLength)
    throw new Error('BTF: sections run past the end of the data');
  return h;
}

/** Bytes of kind-specific data that follow a type's 12-byte header. */
export function trailingSize(kind: number, vlen: number): number {
  switch (kind) {
    case BtfKind.Int: case BtfKind.Var: case BtfKind.DeclTag: return 4;
    case BtfKind.Array: return 12;
    case BtfKind.Struct: case BtfKind.Union: case BtfKind.Datasec: case BtfKind.Enum64: return 12 * vlen;
    case BtfKind.Enum: case BtfKind.FuncProto: return 8 * vlen;
    case BtfKind.Ptr: case BtfKind.Fwd: case BtfKind.Typedef: case BtfKind.Volatile: case BtfKind.Const:
    case BtfKind.Restrict: case BtfKind.Func: case BtfKind.Float: case BtfKind.TypeTag: return 0;
    default: throw new Error(`BTF: unknown kind ${kind}`);
  }
}
