// A small builder for LLVM IR as text. We emit text and hand it to llc: no native
// LLVM binding to load, and the IR is what `-d ir` prints. Types are LLVM type
// strings ("i64", "ptr", "[16 x i8]"). Pointers are opaque (`ptr`): LLVM 17 and
// later read nothing else, and llc 14 reads them with -opaque-pointers (llc.ts).
// Pointer types are spelled here only: other modules use PTR and the builder's
// methods, so a typed pointer (`i8*`) cannot come back (test/llc.test.ts).

export type IrType = string;

/** An SSA value or constant: its type and how it is written as an operand. */
export interface Value {
  type: IrType;
  ref: string;
}

export const I1 = 'i1';
export const I8 = 'i8';
export const I16 = 'i16';
export const I32 = 'i32';
export const I64 = 'i64';
/** A pointer (opaque: what it points to is given by each load, store and getelementptr). */
export const PTR = 'ptr';
/** A pointer to bytes: the same opaque type, by the name most callers know it. */
export const I8P = PTR;

export function isPtr(t: IrType): boolean {
  return t === PTR;
}

/** A pointer to `t`: opaque, so PTR whatever `t` is (callers still say what they point at). */
export function ptrTo(_t: IrType): IrType {
  return PTR;
}

export function arrayOf(n: number, t: IrType): IrType {
  return `[${n} x ${t}]`;
}

export function intType(bytes: number): IrType {
  return `i${bytes * 8}`;
}

export function constInt(type: IrType, v: number | bigint): Value {
  // LLVM integer literals are signed decimal; normalise u64 values above 2^63.
  let b = BigInt(v);
  const bits = BigInt(Number(type.slice(1)));
  const mod = 1n << bits;
  b = ((b % mod) + mod) % mod;
  if (b >= mod >> 1n) b -= mod;
  return { type, ref: b.toString() };
}

export const i64 = (v: number | bigint): Value => constInt(I64, v);
export const i32 = (v: number | bigint): Value => constInt(I32, v);

export const NULL_I8P: Value = { type: I8P, ref: 'null' };

/** Quote a name for use after % or @ when it has characters LLVM does not allow bare. */
export function quoteName(name: string): string {
  return /^[A-Za-z_$.][A-Za-z0-9_$.]*$/.test(name) ? name : `"${name.replace(/"/g, '\\22')}"`;
}

/** Bytes as an LLVM c"..." string constant. */
export function cString(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) {
    s += b >= 0x20 && b < 0x7f && b !== 0x22 && b !== 0x5c ? String.fromCharCode(b) : `\\${b.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return `c"${s}"`;
}

export type IcmpPred = 'eq' | 'ne' | 'ugt' | 'uge' | 'ult' | 'ule' | 'sgt' | 'sge' | 'slt' | 'sle';
export type BinOp = 'add' | 'sub' | 'mul' | 'udiv' | 'sdiv' | 'urem' | 'srem' | 'shl' | 'lshr' | 'ashr' | 'and' | 'or' | 'xor';

export class Block {
  readonly lines: string[] = [];
  terminated = false;
  constructor(readonly label: string) {}
}

/** One function under construction. Allocas go to the entry block so LLVM sees static stack slots. */
export class FunctionBuilder {
  private readonly allocas: string[] = [];
  /** Statement temporaries by type|align: reused by later statements (see releaseTemps). */
  private readonly pool = new Map<string, { slot: Value; busy: boolean }[]>();
  private readonly blocks: Block[] = [];
  private cur: Block;
  private counter = 0;
  private labelCounter = 0;

  constructor(
    readonly name: string,
    readonly retType: IrType,
    readonly params: { name: string; type: IrType }[],
    readonly section: string,
    /** Metadata id of the DISubprogram, if any. */
    readonly dbg?: string,
  ) {
    this.cur = this.newBlock('entry');
  }

  param(i: number): Value {
    const p = this.params[i];
    return { type: p.type, ref: `%${p.name}` };
  }

  newBlock(hint: string): Block {
    const b = new Block(this.labelCounter++ === 0 ? hint : `${hint}${this.labelCounter}`);
    this.blocks.push(b);
    return b;
  }

  get current(): Block {
    return this.cur;
  }

  setBlock(b: Block): void {
    this.cur = b;
  }

  private tmp(hint = ''): string {
    return `%${hint}${hint ? '.' : 't'}${this.counter++}`;
  }

  /** Emit an instruction producing a value of `type`. */
  emit(type: IrType, text: string, hint = ''): Value {
    const ref = this.tmp(hint);
    this.push(`${ref} = ${text}`);
    return { type, ref };
  }

  /** Emit an instruction with no result. */
  push(text: string): void {
    // Code after a terminator is unreachable; park it in a fresh block so the IR stays valid.
    if (this.cur.terminated) this.cur = this.newBlock('dead');
    this.cur.lines.push(text);
  }

  /**
   * A stack temporary, valid until the next releaseTemps() (the next statement).
   * Reusing slots keeps long scripts (e.g. 40 map assignments in BEGIN) under the
   * 512-byte stack: llc does not colour allocas without lifetime markers.
   */
  alloca(type: IrType, hint = 'slot', align = 8): Value {
    const key = `${type}|${align}`;
    const slots = this.pool.get(key) ?? [];
    this.pool.set(key, slots);
    const free = slots.find((s) => !s.busy);
    if (free) {
      free.busy = true;
      return free.slot;
    }
    const slot = this.persistentAlloca(type, hint, align);
    slots.push({ slot, busy: true });
    return slot;
  }

  /** A stack slot for the whole function (script variables), never reused. */
  persistentAlloca(type: IrType, hint = 'slot', align = 8): Value {
    const ref = this.tmp(hint);
    this.allocas.push(`${ref} = alloca ${type}, align ${align}`);
    return { type: PTR, ref };
  }

  /** The temporaries in use now, for releaseTempsSince(). */
  tempMark(): Set<Value> {
    const busy = new Set<Value>();
    for (const slots of this.pool.values()) for (const s of slots) if (s.busy) busy.add(s.slot);
    return busy;
  }

  /**
   * Free the temporaries taken since `mark` (e.g. one printf argument's, once it is
   * copied into the record), so the next argument can reuse them.
   */
  releaseTempsSince(mark: Set<Value>): void {
    for (const slots of this.pool.values()) for (const s of slots) if (!mark.has(s.slot)) s.busy = false;
  }

  /** Every temporary from alloca() may be reused: called between statements. */
  releaseTemps(): void {
    for (const slots of this.pool.values()) for (const s of slots) s.busy = false;
  }

  bin(op: BinOp, a: Value, b: Value): Value {
    return this.emit(a.type, `${op} ${a.type} ${a.ref}, ${b.ref}`);
  }

  icmp(pred: IcmpPred, a: Value, b: Value): Value {
    return this.emit(I1, `icmp ${pred} ${a.type} ${a.ref}, ${b.ref}`);
  }

  select(c: Value, a: Value, b: Value): Value {
    return this.emit(a.type, `select i1 ${c.ref}, ${a.type} ${a.ref}, ${b.type} ${b.ref}`);
  }

  cast(op: 'zext' | 'sext' | 'trunc' | 'bitcast' | 'inttoptr' | 'ptrtoint', v: Value, to: IrType): Value {
    if (v.type === to) return v;
    return this.emit(to, `${op} ${v.type} ${v.ref} to ${to}`);
  }

  /** Resize an integer to `to`, extending by signedness. */
  intResize(v: Value, to: IrType, signed: boolean): Value {
    const from = Number(v.type.slice(1));
    const toBits = Number(to.slice(1));
    if (from === toBits) return v;
    if (from > toBits) return this.cast('trunc', v, to);
    return this.cast(signed ? 'sext' : 'zext', v, to);
  }

  /** A pointer as a pointer to bytes: with opaque pointers, the pointer itself. */
  toI8p(ptr: Value): Value {
    return ptr;
  }

  /**
   * Pointer to byte `offset` of `base`. `asType` is what the caller will load or
   * store there (its loads and stores name it; the pointer no longer does).
   */
  bytePtr(base: Value, offset: number | Value, _asType: IrType): Value {
    const off = typeof offset === 'number' ? i64(offset) : offset;
    return off.ref === '0' ? base : this.emit(PTR, `getelementptr i8, ${PTR} ${base.ref}, ${off.type} ${off.ref}`);
  }

  /** A load of `type` from `ptr`; volatile keeps LLVM from reasoning through it. */
  load(type: IrType, ptr: Value, align = 1, isVolatile = false): Value {
    return this.emit(type, `load${isVolatile ? ' volatile' : ''} ${type}, ${PTR} ${ptr.ref}, align ${align}`);
  }

  store(v: Value, ptr: Value, align = 1, isVolatile = false): void {
    this.push(`store${isVolatile ? ' volatile' : ''} ${v.type} ${v.ref}, ${PTR} ${ptr.ref}, align ${align}`);
  }

  /** A call of a helper by its number (`call ID` in BPF): a constant address as the callee. */
  callAddress(retType: IrType, address: number, args: Value[]): Value {
    return this.call(retType, `inttoptr (i64 ${address} to ${PTR})`, args);
  }

  call(retType: IrType, callee: string, args: Value[]): Value {
    const a = args.map((x) => `${x.type} ${x.ref}`).join(', ');
    if (retType === 'void') {
      this.push(`call void ${callee}(${a})`);
      return { type: 'void', ref: '' };
    }
    return this.emit(retType, `call ${retType} ${callee}(${a})`);
  }

  memset(ptr: Value, byte: number, len: number): void {
    this.push(`call void @llvm.memset.p0.i64(${PTR} ${ptr.ref}, i8 ${byte}, i64 ${len}, i1 false)`);
  }

  memcpy(dst: Value, src: Value, len: number): void {
    this.push(`call void @llvm.memcpy.p0.p0.i64(${PTR} ${dst.ref}, ${PTR} ${src.ref}, i64 ${len}, i1 false)`);
  }

  br(target: Block): void {
    if (this.cur.terminated) return;
    this.cur.lines.push(`br label %${target.label}`);
    this.cur.terminated = true;
  }

  condBr(c: Value, t: Block, f: Block): void {
    if (this.cur.terminated) return;
    this.cur.lines.push(`br i1 ${c.ref}, label %${t.label}, label %${f.label}`);
    this.cur.terminated = true;
  }

  ret(v: Value): void {
    if (this.cur.terminated) return;
    this.cur.lines.push(`ret ${v.type} ${v.ref}`);
    this.cur.terminated = true;
  }

  phi(type: IrType, incoming: [Value, Block][]): Value {
    const parts = incoming.map(([v, b]) => `[ ${v.ref}, %${b.label} ]`).join(', ');
    return this.emit(type, `phi ${type} ${parts}`);
  }

  print(): string {
    const params = this.params.map((p) => `${p.type} %${p.name}`).join(', ');
    const dbg = this.dbg ? ` !dbg ${this.dbg}` : '';
    const out = [`define ${this.retType} @${quoteName(this.name)}(${params}) #0 section "${this.section}"${dbg} {`];
    this.blocks.forEach((b, i) => {
      out.push(`${b.label}:`);
      if (i === 0) for (const a of this.allocas) out.push(`  ${a}`);
      for (const l of b.lines) out.push(`  ${l}`);
      // A block left open (e.g. unreachable tail) must still end in a terminator.
      if (!b.terminated) out.push(this.retType === 'void' ? '  ret void' : `  ret ${this.retType} 0`);
    });
    out.push('}');
    return out.join('\n');
  }
}

/** The module: globals, functions, and the metadata that debuginfo.ts produces. */
export class ModuleBuilder {
  readonly globals: string[] = [];
  readonly functions: FunctionBuilder[] = [];
  /** Symbols that must survive optimisation (maps, license, programs). */
  readonly used: string[] = [];
  metadata: string[] = [];
  namedMetadata: string[] = [];
  /** Extra intrinsic declarations (e.g. llvm.bswap), each once. */
  readonly declarations = new Set<string>();

  declare(line: string): void {
    this.declarations.add(line);
  }

  /** A global; `usedSymbol` (e.g. `@LICENSE`) names it to keep through optimisation. */
  addGlobal(line: string, usedSymbol?: string): void {
    this.globals.push(line);
    if (usedSymbol) this.used.push(usedSymbol);
  }

  addFunction(f: FunctionBuilder): void {
    this.functions.push(f);
    this.used.push(`@${quoteName(f.name)}`);
  }

  print(): string {
    const out = [
      '; ModuleID = \'bpftrace-ts\'',
      'source_filename = "bpftrace-ts"',
      'target datalayout = "e-m:e-p:64:64-i64:64-i128:128-n32:64-S128"',
      'target triple = "bpf"',
      '',
      ...this.globals,
    ];
    if (this.used.length) {
      const refs = this.used.map((u) => `${PTR} ${u}`).join(', ');
      out.push(`@llvm.compiler.used = appending global [${this.used.length} x ${PTR}] [${refs}], section "llvm.metadata"`);
    }
    out.push('');
    for (const f of this.functions) out.push(f.print(), '');
    out.push(
      `declare void @llvm.memset.p0.i64(${PTR} nocapture writeonly, i8, i64, i1 immarg) #1`,
      `declare void @llvm.memcpy.p0.p0.i64(${PTR} noalias nocapture writeonly, ${PTR} noalias nocapture readonly, i64, i1 immarg) #1`,
      ...this.declarations,
      '',
      'attributes #0 = { nounwind }',
      // Intrinsics get their memory attributes from LLVM itself (whose spelling changed in 16).
      'attributes #1 = { nofree nounwind willreturn }',
      '',
      ...this.namedMetadata,
      ...this.metadata,
      '',
    );
    return out.join('\n');
  }
}
