// What the frontend knows of a kernel, injected as a value. On Linux the CLI builds
// one from /sys (lazily: a kernel has ~2000 tracepoints and ~100k BTF types);
// elsewhere it comes from a saved kernel profile (JSON). No I/O in this package.

/** A C type, as BTF or a tracepoint format describes it. Records are referenced by name to avoid cycles. */
export type CType =
  | { kind: 'void' }
  | { kind: 'int'; name: string; size: number; signed: boolean }
  | { kind: 'bool' }
  | { kind: 'pointer'; to: CType }
  | { kind: 'array'; elem: CType; count: number }
  | { kind: 'record'; union: boolean; name: string }     // struct or union, resolve via KernelInfo.record()
  //   (anonymous BTF records are named "(anonymous)#ID", ID the BTF type id; record() resolves those too)
  | { kind: 'enum'; name: string; size: number }
  | { kind: 'func' };

export interface RecordField {
  name: string;
  /** Byte offset within the record. */
  offset: number;
  type: CType;
  /**
   * For bitfields: the field's first bit is bit `bitOffset` (0-7, counted from the least
   * significant bit, little-endian) of the byte at `offset`; it is `bitSize` bits wide.
   */
  bitOffset?: number;
  bitSize?: number;
}

export interface RecordInfo {
  name: string;
  union: boolean;
  size: number;
  fields: RecordField[];
}

export interface TracepointField {
  name: string;
  /** C type text as in the format file, e.g. "const char *", "char[16]". */
  typeText: string;
  type: CType;
  offset: number;
  size: number;
  signed: boolean;
  /**
   * `__data_loc T[] name`: the 4-byte slot holds (length << 16 | offset), offset from the
   * start of the record; `type` is then an array of T with count 0.
   */
  dataLoc?: boolean;
  /** `__rel_loc T[] name`: as dataLoc, but the offset is from the end of this field. */
  relLoc?: boolean;
}

export interface TracepointFormat {
  category: string;
  event: string;
  /** Fields after the common_* header fields (those are kept too, first). */
  fields: TracepointField[];
  /** The event's ID line (for perf_event_open), when the format had one. */
  id?: number;
}

export interface FuncProto {
  name: string;
  /** `typeText`: the C type as the debug info spells it (DWARF: what `-lv` prints). */
  params: { name: string; type: CType; typeText?: string }[];
  ret: CType;
  /** Ends in "...". */
  variadic?: boolean;
}

export interface KernelFeatures {
  kprobes: boolean;
  fentry: boolean;
  uprobes: boolean;
  ringbuf: boolean;
  attachCookie: boolean;
}

/**
 * What a user binary's debug info (DWARF) tells: its functions' parameters, for uprobe
 * `args`, and its structs, unions and typedefs, usable in that binary's uprobes.
 */
export interface BinaryTypes {
  /** False when the binary has no debug info at all (bpftrace: "No debuginfo found for ..."). */
  hasDebugInfo(): boolean;
  func(name: string): FuncProto | undefined;
  /** Every function the debug info describes (for wildcard uprobes' `args`). */
  functionNames?(): readonly string[];
  record(name: string): RecordInfo | undefined;
  typedef(name: string): CType | undefined;
}

export interface KernelInfo {
  /** Every tracepoint as "category:event". */
  tracepoints(): readonly string[];
  tracepointFormat(category: string, event: string): TracepointFormat | undefined;
  /** A struct or union by name ("task_struct"), from BTF or the script's own definitions. */
  record(name: string): RecordInfo | undefined;
  enumValue?(name: string): bigint | undefined;
  typedef?(name: string): CType | undefined;
  func?(name: string): FuncProto | undefined;
  /**
   * The debug info of a uprobe target (`target` as the script writes it: a path, a library
   * name, a program on PATH), when it has some. The host reads the file; undefined elsewhere.
   */
  binaryTypes?(target: string): BinaryTypes | undefined;
  /** Kernel function symbols, for kprobe wildcard expansion. */
  kernelFunctions?(): readonly string[];
  features: KernelFeatures;
  /** `uname -r` of the kernel described, when known. */
  kernelRelease?: string;
}
