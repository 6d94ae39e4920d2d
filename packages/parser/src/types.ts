// Types that the type checker assigns to expressions and maps. Defined here, at the
// bottom of the package graph, so the AST can carry them and `-d ast` can print them.

export type AggKind = 'count' | 'sum' | 'min' | 'max' | 'avg' | 'stats' | 'hist' | 'lhist';

/** Values with a special rendering or meaning (bpftrace's non-integer builtins). */
export type SpecialKind =
  | 'probe'      // probe id: rendered as the attach point name
  | 'ksym' | 'usym' | 'kstack' | 'ustack'
  | 'username' | 'inet' | 'mac_address' | 'timestamp' | 'cgroup_path' | 'strerror'
  | 'buffer' | 'void';

export type SizedType =
  | { tag: 'none' }
  | { tag: 'int'; bits: 8 | 16 | 32 | 64; signed: boolean }
  | { tag: 'string'; size: number }
  | { tag: 'pointer'; to: SizedType; ctx?: boolean }
  /**
   * struct/union by name. `fields` (additive) is set where the record is a value or is
   * reached through `->` (the checker fills it in), so codegen needs no kernel lookup;
   * records behind pointers nobody follows stay without it (the kernel's types are cyclic).
   */
  | { tag: 'record'; name: string; size: number; fields?: RecordMember[]; align?: number }
  | { tag: 'array'; elem: SizedType; count: number }
  | { tag: 'tuple'; elems: SizedType[] }
  | { tag: 'agg'; agg: AggKind; signed: boolean }            // map value of an aggregation
  /** `stack`: kstack/ustack only, the frames asked for and how they print (bpftrace or perf). */
  | { tag: 'special'; kind: SpecialKind; size: number; stack?: StackShape };

/** What a kstack/ustack value holds: up to `depth` frames, printed in `mode`. */
export interface StackShape { depth: number; mode: 'bpftrace' | 'perf' }

/** One member of a record: where it sits, its type, and for a bitfield its bits. */
export interface RecordMember {
  name: string;
  /** Byte offset within the record. */
  offset: number;
  type: SizedType;
  /** Bitfield: the first bit (from the least significant, of the byte at `offset`) and width. */
  bitOffset?: number;
  bitSize?: number;
}

export const NONE: SizedType = { tag: 'none' };
export const u64: SizedType = { tag: 'int', bits: 64, signed: false };
export const i64: SizedType = { tag: 'int', bits: 64, signed: true };
