// A small C declaration parser for the struct/union/enum/typedef definitions a script
// carries (what bpftrace hands to clang): member declarators with pointers, arrays,
// function pointers and bitfields, nested and anonymous records, enumerators with
// constant values. Records get C layouts (c-layout.ts). Unknown types are reported,
// not thrown: the first problem of a definition becomes its error message.
import type { CType, KernelInfo, RecordInfo } from '../kernel/kernel-info.js';
import { tokenizeC, type CToken } from './c-tokens.js';
import { evalConst } from './const-expr.js';
import { layoutRecord, type MemberDecl } from './c-layout.js';

export interface ScriptTypes {
  records: Map<string, RecordInfo>;
  enums: Map<string, bigint>;
  typedefs: Map<string, CType>;
}

const int = (name: string, size: number, signed: boolean): CType => ({ kind: 'int', name, size, signed });
const SKIP = new Set(['const', 'volatile', 'static', 'extern', 'register', 'inline', 'restrict', '__restrict',
  '__volatile__', '__const', '__user', '__kernel', '__rcu', '__iomem', '__percpu', '__force']);
const INT_WORDS = new Set(['unsigned', 'signed', 'char', 'short', 'int', 'long', '_Bool', 'float', 'double', 'void']);
const STDINT: Record<string, CType> = {
  int8_t: int('int8_t', 1, true), int16_t: int('int16_t', 2, true), int32_t: int('int32_t', 4, true), int64_t: int('int64_t', 8, true),
  uint8_t: int('uint8_t', 1, false), uint16_t: int('uint16_t', 2, false), uint32_t: int('uint32_t', 4, false), uint64_t: int('uint64_t', 8, false),
  size_t: int('size_t', 8, false), ssize_t: int('ssize_t', 8, true), bool: { kind: 'bool' },
};

class CError extends Error {}

/** The C type named by basic-type words ("unsigned long", "char"). */
function basicType(words: string[]): CType {
  const has = (w: string) => words.includes(w);
  const longs = words.filter((w) => w === 'long').length;
  if (has('void')) return { kind: 'void' };
  if (has('_Bool')) return { kind: 'bool' };
  if (has('float')) return int('float', 4, true);
  if (has('double')) return int('double', 8, true);
  const signed = !has('unsigned');
  const size = has('char') ? 1 : has('short') ? 2 : longs > 0 ? 8 : 4;
  return int(words.join(' '), size, signed);
}

export function parseCDefinitions(texts: readonly string[], kernel: KernelInfo): ScriptTypes & { errors: (string | undefined)[] } {
  const types: ScriptTypes = { records: new Map(), enums: new Map(), typedefs: new Map() };
  let anon = 0;
  const lookup = (name: string) => types.records.get(name) ?? kernel.record(name);
  const errors = texts.map((text) => {
    try {
      parseUnit(tokenizeC(text));
      return undefined;
    } catch (e) {
      if (e instanceof CError) return e.message;
      throw e;
    }
  });
  return { ...types, errors };

  function parseUnit(toks: CToken[]): void {
    let i = 0;
    const peek = (k = 0) => toks[i + k];
    const next = () => { const t = toks[i++]; if (!t) throw new CError('unexpected end of definition'); return t; };
    const expect = (text: string) => { const t = next(); if (t.text !== text) throw new CError(`expected '${text}' but found '${t.text}'`); };
    const skipAttributes = () => {
      while (peek()?.text === '__attribute__' || peek()?.text === '__aligned' || peek()?.text === '__packed') {
        const packed = peek()!.text === '__packed';
        i++;
        if (packed) continue;
        let depth = 0;
        do { const t = next(); if (t.text === '(') depth++; else if (t.text === ')') depth--; } while (depth > 0);
      }
    };
    const constExpr = (stop: readonly string[]): bigint => {
      const start = i;
      let depth = 0;
      while (peek() && !(depth === 0 && stop.includes(peek()!.text))) {
        const t = next().text;
        if (t === '(' || t === '[') depth++;
        if (t === ')' || t === ']') depth--;
      }
      const v = evalConst(toks.slice(start, i), { name: (n) => types.enums.get(n) ?? kernel.enumValue?.(n) });
      if (v === undefined) throw new CError(`not a constant: ${toks.slice(start, i).map((t) => t.text).join(' ')}`);
      return v;
    };

    /** Type specifier: basic words, struct/union/enum (maybe with a body), or a typedef name. */
    function specifier(): CType {
      const words: string[] = [];
      for (;;) {
        skipAttributes();
        const t = peek();
        if (!t || t.kind !== 'ident') break;
        if (SKIP.has(t.text)) { i++; continue; }
        if (INT_WORDS.has(t.text)) { words.push(t.text); i++; continue; }
        if (words.length > 0) break;
        if (t.text === 'struct' || t.text === 'union') { i++; return recordSpec(t.text === 'union'); }
        if (t.text === 'enum') { i++; return enumSpec(); }
        i++;
        const named = types.typedefs.get(t.text) ?? kernel.typedef?.(t.text) ?? STDINT[t.text];
        if (!named) throw new CError(`unknown type name '${t.text}'`);
        while (peek() && SKIP.has(peek()!.text)) i++;
        return named;
      }
      if (words.length === 0) throw new CError(`expected a type but found '${peek()?.text ?? 'end'}'`);
      return basicType(words);
    }

    function recordSpec(union: boolean): CType {
      skipAttributes();
      const tag = peek()?.kind === 'ident' ? next().text : undefined;
      skipAttributes();
      if (peek()?.text !== '{') {
        if (!tag) throw new CError('expected a struct name or body');
        return { kind: 'record', union, name: tag };
      }
      i++;
      const members: MemberDecl[] = [];
      while (peek() && peek()!.text !== '}') members.push(...memberDecl());
      expect('}');
      let packed = false;
      while (peek()?.text === '__attribute__' || peek()?.text === '__packed') {
        if (toks.slice(i, i + 6).some((t) => t.text === 'packed' || t.text === '__packed__' || t.text === '__packed')) packed = true;
        skipAttributes();
      }
      checkComplete(members);
      const name = tag ?? `(anonymous)#script${++anon}`;
      types.records.set(name, layoutRecord(name, union, members, lookup, packed));
      return { kind: 'record', union, name };
    }

    /**
     * A record held by value must be defined (by the script, a header or BTF), as clang
     * requires. (bpftrace 0.17 also refuses a kernel record's redefinition that embeds other
     * kernel records, when the program uses it; we take those from BTF.)
     */
    function checkComplete(members: readonly MemberDecl[]): void {
      for (const m of members) {
        let t = m.type;
        while (t.kind === 'array') t = t.elem;
        if (t.kind !== 'record' || types.records.has(t.name)) continue;
        const kw = t.union ? 'union' : 'struct';
        if (kernel.record(t.name)) continue;
        throw new CError(m.type.kind === 'array' ? `array has incomplete element type '${kw} ${t.name}'` : `field has incomplete type '${kw} ${t.name}'`);
      }
    }

    function enumSpec(): CType {
      const tag = peek()?.kind === 'ident' ? next().text : '';
      if (peek()?.text === '{') {
        i++;
        let v = 0n;
        while (peek() && peek()!.text !== '}') {
          const n = next();
          if (n.kind !== 'ident') throw new CError(`expected an enumerator but found '${n.text}'`);
          if (peek()?.text === '=') { i++; v = constExpr([',', '}']); }
          types.enums.set(n.text, v);
          v++;
          if (peek()?.text === ',') i++;
        }
        expect('}');
      }
      return { kind: 'enum', name: tag, size: 4 };
    }

    /** `*`s, a name (or `(*name)(params)`), `[N]`s; returns the name and wrapped type. */
    function declarator(base: CType): { name?: string; type: CType } {
      let t = base;
      while (peek()?.text === '*') { i++; t = { kind: 'pointer', to: t }; while (peek() && SKIP.has(peek()!.text)) i++; }
      let name: string | undefined;
      if (peek()?.text === '(') {
        // Function pointer: (*name)(params) — only its size matters here.
        i++;
        let stars = 0;
        while (peek()?.text === '*') { i++; stars++; }
        if (peek()?.kind === 'ident') name = next().text;
        expect(')');
        if (peek()?.text === '(') { let d = 0; do { const x = next(); if (x.text === '(') d++; else if (x.text === ')') d--; } while (d > 0); }
        t = stars > 0 ? { kind: 'pointer', to: { kind: 'func' } } : { kind: 'func' };
      } else if (peek()?.kind === 'ident') {
        name = next().text;
      }
      const dims: number[] = [];
      while (peek()?.text === '[') {
        i++;
        dims.push(peek()?.text === ']' ? 0 : Number(constExpr([']'])));
        expect(']');
      }
      for (let d = dims.length - 1; d >= 0; d--) t = { kind: 'array', elem: t, count: dims[d]! };
      skipAttributes();
      return name === undefined ? { type: t } : { name, type: t };
    }

    function memberDecl(): MemberDecl[] {
      const base = specifier();
      const out: MemberDecl[] = [];
      if (peek()?.text === ';') { i++; return base.kind === 'record' ? [{ type: base }] : []; }
      for (;;) {
        const d = declarator(base);
        const m: MemberDecl = d.name === undefined ? { type: d.type } : { name: d.name, type: d.type };
        if (peek()?.text === ':') { i++; m.bits = Number(constExpr([',', ';', '}'])); }
        out.push(m);
        // clang accepts a last member without its ';' (with a warning); so does bpftrace.
        if (peek()?.text === '}') return out;
        const t = next();
        if (t.text === ';') return out;
        if (t.text !== ',') throw new CError(`expected ';' but found '${t.text}'`);
      }
    }

    while (i < toks.length) {
      if (peek()!.text === ';') { i++; continue; }
      if (peek()!.text === 'typedef') {
        i++;
        const base = specifier();
        const d = declarator(base);
        if (!d.name) throw new CError('typedef without a name');
        types.typedefs.set(d.name, d.type);
        if (i < toks.length) expect(';');
        continue;
      }
      const base = specifier();
      // `struct x { ... } var;` declares a variable too; bpftrace has no use for it.
      while (peek() && peek()!.text !== ';') declarator(base);
      if (i < toks.length) expect(';');
    }
  }
}
