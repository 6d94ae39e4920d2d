// Debug metadata for the module. libbpf 1.x loads maps only from a `.maps`
// section described by BTF; LLVM's BPF backend turns DWARF-style metadata into
// BTF. A map is a global struct whose members are pointers: `type` and
// `max_entries` point to `int[N]` (N encodes the value), `key` and `value` point
// to the key and value types (their sizes give key_size/value_size). This is the
// shape clang emits for libbpf's `__uint`/`__type` macros.
//
// Every program also gets a DISubprogram with a named `ctx` argument: llc's BTF
// emitter needs one per function, and the kernel rejects FUNC_PROTOs whose
// arguments have no names.

export interface MapDebugShape {
  name: string;
  /** BPF_MAP_TYPE_* number. */
  mapType: number;
  maxEntries: number;
  /** Key: 'u32' for array maps (the kernel wants an INT key there), else a byte size. */
  key?: 'u32' | number;
  valueSize?: number;
}

export class DebugInfo {
  private nodes: string[] = [];
  private next = 0;
  private readonly file: string;
  private readonly cuId: string;
  private readonly producer: string;
  private readonly globals: string[] = [];
  private readonly cache = new Map<string, string>();

  constructor(producer = 'bpftrace-ts') {
    this.file = this.add('!DIFile(filename: "bpftrace.bpf", directory: ".")');
    // The CU's globals list is filled at print time: reserve its id now.
    this.cuId = `!${this.next++}`;
    this.producer = producer;
  }

  private add(text: string): string {
    const id = `!${this.next++}`;
    this.nodes.push(`${id} = ${text}`);
    return id;
  }

  /** Same node text, same id: keeps the metadata (and BTF) small. */
  private intern(text: string): string {
    let id = this.cache.get(text);
    if (!id) {
      id = this.add(text);
      this.cache.set(text, id);
    }
    return id;
  }

  private get int(): string {
    return this.intern('!DIBasicType(name: "int", size: 32, encoding: DW_ATE_signed)');
  }

  private get u8(): string {
    return this.intern('!DIBasicType(name: "unsigned char", size: 8, encoding: DW_ATE_unsigned_char)');
  }

  private get u32(): string {
    return this.intern('!DIBasicType(name: "unsigned int", size: 32, encoding: DW_ATE_unsigned)');
  }

  private pointer(to: string): string {
    return this.intern(`!DIDerivedType(tag: DW_TAG_pointer_type, baseType: ${to}, size: 64)`);
  }

  private array(elem: string, elemBits: number, count: number): string {
    const sub = this.intern(`!{!DISubrange(count: ${count})}`);
    return this.intern(`!DICompositeType(tag: DW_TAG_array_type, baseType: ${elem}, size: ${elemBits * count}, elements: ${sub})`);
  }

  /** Describe a map global; returns the !dbg id to attach to it. */
  mapVariable(shape: MapDebugShape): string {
    const members: { name: string; type: string }[] = [
      { name: 'type', type: this.pointer(this.array(this.int, 32, shape.mapType)) },
      { name: 'max_entries', type: this.pointer(this.array(this.int, 32, shape.maxEntries)) },
    ];
    if (shape.key !== undefined) {
      const k = shape.key === 'u32' ? this.u32 : this.array(this.u8, 8, shape.key);
      members.push({ name: 'key', type: this.pointer(k) });
    }
    if (shape.valueSize !== undefined) {
      members.push({ name: 'value', type: this.pointer(this.array(this.u8, 8, shape.valueSize)) });
    }
    // The struct refers to its members and they to it (scope): reserve its id first.
    const structId = `!${this.next++}`;
    const memberIds = members.map((m, i) =>
      this.add(`!DIDerivedType(tag: DW_TAG_member, name: "${m.name}", scope: ${structId}, file: ${this.file}, baseType: ${m.type}, size: 64, offset: ${i * 64})`),
    );
    const elems = this.add(`!{${memberIds.join(', ')}}`);
    this.nodes.push(`${structId} = distinct !DICompositeType(tag: DW_TAG_structure_type, file: ${this.file}, size: ${members.length * 64}, elements: ${elems})`);
    const v = this.add(`distinct !DIGlobalVariable(name: "${shape.name}", scope: ${this.cuId}, file: ${this.file}, type: ${structId}, isLocal: false, isDefinition: true)`);
    const gve = this.add(`!DIGlobalVariableExpression(var: ${v}, expr: !DIExpression())`);
    this.globals.push(gve);
    return gve;
  }

  /** A `const volatile long long NAME` global (a .rodata variable in BTF), for a runner to set before load. */
  globalI64(name: string): string {
    const ll = this.intern('!DIBasicType(name: "long long", size: 64, encoding: DW_ATE_signed)');
    const cv = this.intern(`!DIDerivedType(tag: DW_TAG_const_type, baseType: ${this.intern(`!DIDerivedType(tag: DW_TAG_volatile_type, baseType: ${ll})`)})`);
    const v = this.add(`distinct !DIGlobalVariable(name: "${name}", scope: ${this.cuId}, file: ${this.file}, type: ${cv}, isLocal: false, isDefinition: true)`);
    const gve = this.add(`!DIGlobalVariableExpression(var: ${v}, expr: !DIExpression())`);
    this.globals.push(gve);
    return gve;
  }

  /**
   * An extern `const void NAME` in `.ksyms` (libbpf's typeless `__ksym`): llc emits a
   * BTF VAR whose type is void, and libbpf patches in the kallsyms address at load.
   */
  ksymVariable(name: string): string {
    const constVoid = this.intern('!DIDerivedType(tag: DW_TAG_const_type, baseType: null)');
    const v = this.add(`distinct !DIGlobalVariable(name: "${name}", scope: ${this.cuId}, file: ${this.file}, type: ${constVoid}, isLocal: false, isDefinition: false)`);
    return this.add(`!DIGlobalVariableExpression(var: ${v}, expr: !DIExpression())`);
  }

  /** A DISubprogram for a BPF program `name(ptr ctx) -> i64`; returns its id. */
  subprogram(name: string): string {
    const i64t = this.intern('!DIBasicType(name: "int64", size: 64, encoding: DW_ATE_signed)');
    const ctxType = this.pointer(this.u8);
    const types = this.intern(`!{${i64t}, ${ctxType}}`);
    const st = this.intern(`!DISubroutineType(types: ${types})`);
    const spId = `!${this.next++}`;
    const arg = this.add(`!DILocalVariable(name: "ctx", arg: 1, scope: ${spId}, file: ${this.file}, type: ${ctxType})`);
    const retained = this.add(`!{${arg}}`);
    this.nodes.push(
      `${spId} = distinct !DISubprogram(name: "${name}", scope: ${this.file}, file: ${this.file}, type: ${st}, flags: DIFlagPrototyped, spFlags: DISPFlagDefinition, unit: ${this.cuId}, retainedNodes: ${retained})`,
    );
    return spId;
  }

  /** Named metadata lines (module flags, CU list). */
  named(): string[] {
    return ['!llvm.dbg.cu = !{' + this.cuId + '}', '!llvm.module.flags = !{' + this.flags().join(', ') + '}'];
  }

  private flagIds: string[] | undefined;
  private flags(): string[] {
    this.flagIds ??= [this.add('!{i32 7, !"Dwarf Version", i32 5}'), this.add('!{i32 2, !"Debug Info Version", i32 3}')];
    return this.flagIds;
  }

  /** All numbered metadata nodes, including the compile unit. Call after named(). */
  nodesText(): string[] {
    const gl = this.add(`!{${this.globals.join(', ')}}`);
    const cu = `${this.cuId} = distinct !DICompileUnit(language: DW_LANG_C99, file: ${this.file}, producer: "${this.producer}", isOptimized: true, runtimeVersion: 0, emissionKind: FullDebug, globals: ${gl})`;
    return [...this.nodes, cu];
  }
}
