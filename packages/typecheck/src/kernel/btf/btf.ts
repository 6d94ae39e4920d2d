// parseBtf: a pure reader of BTF blobs (/sys/kernel/btf/vmlinux). Parsing makes one pass
// over the type section and one over the names; types are decoded only when asked for.

import type { CType, FuncProto, RecordInfo } from '../kernel-info.js';
import { BtfKind } from './btf-layout.js';
import { anonRecordId, BtfResolver } from './btf-resolve.js';
import { BtfTable } from './btf-table.js';

export interface Btf {
  /** The raw blob (what a profile stores). */
  readonly bytes: Uint8Array;
  /** Number of type ids, including 0 (void). */
  readonly typeCount: number;
  /** A struct or union by name ("task_struct"), or an "(anonymous)#ID" name from a CType. */
  record(name: string): RecordInfo | undefined;
  /** The type a typedef names, with typedefs and qualifiers resolved. */
  typedef(name: string): CType | undefined;
  /** The value of an enumerator ("TASK_COMM_LEN" is a macro; "BPF_MAP_TYPE_HASH" is one). */
  enumValue(name: string): bigint | undefined;
  /** A kernel function's prototype ("vfs_read"). */
  func(name: string): FuncProto | undefined;
  /** Names of all FUNC types (kernel functions with BTF). */
  funcNames(): readonly string[];
  /** Names of all named structs and unions. */
  recordNames(): readonly string[];
  /** The CType of a type id (ids as in `bpftool btf dump`). */
  typeById(id: number): CType;
}

export function parseBtf(bytes: Uint8Array): Btf {
  return new BtfImpl(new BtfTable(bytes));
}

class BtfImpl implements Btf {
  private readonly resolver: BtfResolver;
  // name -> id. Struct/union definitions win over forward declarations.
  private readonly records = new Map<string, number>();
  private readonly typedefs = new Map<string, number>();
  private readonly funcs = new Map<string, number>();
  private enumerators: Map<string, [id: number, index: number]> | undefined;
  private readonly recordCache = new Map<string, RecordInfo | undefined>();

  constructor(private readonly table: BtfTable) {
    this.resolver = new BtfResolver(table);
    const t = table;
    for (let id = 1; id < t.count; id++) {
      const kind = t.kind(id);
      let index: Map<string, number>;
      if (kind === BtfKind.Struct || kind === BtfKind.Union) index = this.records;
      else if (kind === BtfKind.Typedef) index = this.typedefs;
      else if (kind === BtfKind.Func) index = this.funcs;
      else continue;
      const off = t.nameOff(id);
      if (off === 0) continue;
      const name = t.str(off);
      const prev = index.get(name);
      // Keep the first definition; prefer a struct with members over an empty duplicate.
      if (prev === undefined || (index === this.records && t.vlen(prev) === 0 && t.vlen(id) > 0)) index.set(name, id);
    }
  }

  get bytes(): Uint8Array { return this.table.bytes; }
  get typeCount(): number { return this.table.count; }

  record(name: string): RecordInfo | undefined {
    if (this.recordCache.has(name)) return this.recordCache.get(name);
    const id = anonRecordId(name) ?? this.records.get(name.replace(/^(struct|union)\s+/, ''));
    const info = id === undefined ? undefined : this.resolver.record(id);
    this.recordCache.set(name, info);
    return info;
  }

  typedef(name: string): CType | undefined {
    const id = this.typedefs.get(name);
    return id === undefined ? undefined : this.resolver.cType(this.table.sizeOrType(id));
  }

  enumValue(name: string): bigint | undefined {
    const hit = this.enumeratorIndex().get(name);
    return hit && this.resolver.enumerator(hit[0], hit[1]).value;
  }

  /** Built on first use: only scripts naming enumerators pay for it. */
  private enumeratorIndex(): Map<string, [number, number]> {
    if (this.enumerators) return this.enumerators;
    const index = new Map<string, [number, number]>();
    const t = this.table;
    for (let id = 1; id < t.count; id++) {
      const kind = t.kind(id);
      if (kind !== BtfKind.Enum && kind !== BtfKind.Enum64) continue;
      const stride = kind === BtfKind.Enum ? 8 : 12;
      let at = t.dataAt(id);
      for (let i = 0, n = t.vlen(id); i < n; i++, at += stride) {
        const name = t.str(t.u32(at));
        if (!index.has(name)) index.set(name, [id, i]);
      }
    }
    return (this.enumerators = index);
  }

  func(name: string): FuncProto | undefined {
    const id = this.funcs.get(name);
    return id === undefined ? undefined : this.resolver.funcProto(id);
  }

  funcNames(): readonly string[] { return [...this.funcs.keys()]; }
  recordNames(): readonly string[] { return [...this.records.keys()]; }
  typeById(id: number): CType { return this.resolver.cType(id); }
}
