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
  | { tag: 'record'; name: string; size: number }           // struct/union by name
  | { tag: 'array'; elem: SizedType; count: number }
  | { tag: 'tuple'; elems: SizedType[] }
  | { tag: 'agg'; agg: AggKind; signed: boolean }            // map value of an aggregation
  | { tag: 'special'; kind: SpecialKind; size: number };

export const NONE: SizedType = { tag: 'none' };
export const u64: SizedType = { tag: 'int', bits: 64, signed: false };
export const i64: SizedType = { tag: 'int', bits: 64, signed: true };
