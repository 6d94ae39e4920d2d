// The script's preprocessor lines, evaluated as bpftrace's clang pass would see them:
// `#if`/`#ifdef`/`#ifndef`/`#elif`/`#else`/`#endif` decide which lines and C
// definitions are live (BPFTRACE_HAVE_BTF is defined when the kernel has BTF, as
// bpftrace defines it), `#define NAME value` collects object-like macros, `#include`
// collects header names (types come from BTF, constants from header-macros.ts).
import { warning, type Diagnostic, type Preprocessor, type Program, type CDefinition, type SourceRange } from '@bpftrace-ts/parser';
import { tokenizeC } from './c-tokens.js';
import { evalConst } from './const-expr.js';

/**
 * `#define NAME text`: records an object-like macro. Function-like macros are not expanded;
 * their uses stay unknown identifiers. (The script's lines and included headers alike.)
 */
export function defineMacro(macros: Map<string, string>, arg: string): void {
  const d = /^([A-Za-z_]\w*)(\(?)\s*(.*)$/s.exec(arg);
  if (d && d[2] === '') macros.set(d[1]!, d[3]!.trim());
}

export interface Preprocessed {
  /** Object-like macros: name -> replacement text. */
  macros: Map<string, string>;
  /** Headers of live `#include <...>` / `#include "..."` lines. */
  includes: string[];
  /** The same live `#include` lines: name, `"..."` or `<...>`, where. */
  includeLines: { name: string; quoted: boolean; range: SourceRange }[];
  /** C definitions outside disabled `#if` blocks. */
  definitions: CDefinition[];
  /** Source offset ranges [start, end) disabled by `#if` blocks. */
  disabled: [number, number][];
  diagnostics: Diagnostic[];
}

interface Frame {
  /** This branch is live. */
  live: boolean;
  /** Some branch of this #if chain was taken already. */
  taken: boolean;
  /** Offset where the current disabled stretch began. */
  disabledFrom?: number;
}

export function preprocess(program: Program, predefined: ReadonlyMap<string, string>): Preprocessed {
  const macros = new Map(predefined);
  const includes: string[] = [];
  const includeLines: Preprocessed['includeLines'] = [];
  const disabled: [number, number][] = [];
  const diagnostics: Diagnostic[] = [];
  const stack: Frame[] = [];
  const live = () => stack.every((f) => f.live);

  const cond = (text: string): boolean => {
    const v = evalConst(tokenizeC(text), {
      name: (id) => { const m = macros.get(id); return m === undefined ? undefined : evalConst(tokenizeC(m), { name: () => undefined, unknownIsZero: true }); },
      defined: (id) => macros.has(id),
      unknownIsZero: true,
    });
    return v !== undefined && v !== 0n;
  };
  const setLive = (f: Frame, now: boolean, at: Preprocessor) => {
    const wasLive = live();
    f.live = now;
    const isLive = live();
    if (wasLive && !isLive) f.disabledFrom = at.range.end.offset;
    if (!wasLive && isLive && f.disabledFrom !== undefined) { disabled.push([f.disabledFrom, at.range.start.offset]); f.disabledFrom = undefined; }
  };

  const lines = [...program.preprocessor].sort((a, b) => a.range.start.offset - b.range.start.offset);
  for (const pp of lines) {
    const m = /^#\s*(\w+)\s*(.*)$/s.exec(pp.text.trim());
    if (!m) continue; // `#!` shebang
    const [, directive, rest] = m as unknown as [string, string, string];
    const arg = rest.replace(/\/\/.*$/, '').replace(/\/\*.*?\*\//g, '').trim();
    switch (directive) {
      case 'if': case 'ifdef': case 'ifndef': {
        const on = directive === 'if' ? cond(arg) : directive === 'ifdef' ? macros.has(arg) : !macros.has(arg);
        const f: Frame = { live: true, taken: on };
        stack.push(f);
        setLive(f, on, pp);
        continue;
      }
      case 'elif': case 'else': {
        const f = stack.at(-1);
        if (!f) { diagnostics.push(warning('pre/unbalanced', `#${directive} without #if`, pp.range)); continue; }
        const on = !f.taken && (directive === 'else' || cond(arg));
        if (on) f.taken = true;
        setLive(f, on, pp);
        continue;
      }
      case 'endif': {
        const f = stack.at(-1);
        if (!f) { diagnostics.push(warning('pre/unbalanced', '#endif without #if', pp.range)); continue; }
        setLive(f, true, pp);
        stack.pop();
        continue;
      }
    }
    if (!live()) continue;
    if (directive === 'define') {
      defineMacro(macros, arg);
    } else if (directive === 'undef') {
      macros.delete(arg);
    } else if (directive === 'include') {
      const h = /^[<"]([^>"]+)[>"]/.exec(arg);
      if (h) { includes.push(h[1]!); includeLines.push({ name: h[1]!, quoted: arg.startsWith('"'), range: pp.range }); }
    }
  }
  const end = program.range.end.offset;
  for (const f of stack) if (f.disabledFrom !== undefined) disabled.push([f.disabledFrom, end]);
  const inDisabled = (o: number) => disabled.some(([s, e]) => o >= s && o < e);
  const definitions = program.definitions.filter((d) => !inDisabled(d.range.start.offset));
  return { macros, includes, includeLines, definitions, disabled, diagnostics };
}
