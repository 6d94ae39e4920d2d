// Headers a script includes (`#include`, --include), read as clang would give them to
// bpftrace: object-like macros and the struct/union/enum/typedef declarations clang
// could parse, nested includes followed, `#if` blocks decided. The checker does no
// I/O: the caller hands in a HeaderSource that finds and reads a header by name.
import { tokenizeC } from './c-tokens.js';
import { evalConst } from './const-expr.js';
import { defineMacro } from './preprocess.js';

/** A header's path and text, or undefined when no search directory has it. */
export type HeaderSource = (name: string, quoted: boolean) => { path: string; text: string } | undefined;

export interface HeaderContents {
  /** Object-like macros in definition order (a later #define wins, #undef removes). */
  macros: Map<string, string>;
  /** Top-level C declarations (record, enum and typedef text), in order. */
  declarations: string[];
}

const MAX_DEPTH = 32;

/** What clang defines before any header, as far as headers test it (x86_64 Linux, GNU C). */
export const COMPILER_MACROS: ReadonlyMap<string, string> = new Map([
  ['__x86_64__', '1'], ['__x86_64', '1'], ['__linux__', '1'], ['__linux', '1'], ['__unix__', '1'], ['__GNUC__', '4'],
  ['__GNUC_MINOR__', '2'], ['__STDC__', '1'], ['__STDC_VERSION__', '201710L'], ['__LP64__', '1'], ['_LP64', '1'],
  ['__CHAR_BIT__', '8'], ['__SIZEOF_LONG__', '8'], ['__SIZEOF_POINTER__', '8'], ['__ORDER_LITTLE_ENDIAN__', '1234'],
  ['__BYTE_ORDER__', '1234'], ['__BPF_TRACING__', '1'],
]);

/** Lines with continuations joined and comments blanked. */
function logicalLines(text: string): string[] {
  const noComments = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, '');
  return noComments.replace(/\\\r?\n/g, ' ').split('\n');
}

/** Top-level `struct|union|enum ... { ... } ...;` and `typedef ...;` statements of C text. */
function declarationsOf(code: string): string[] {
  const out: string[] = [];
  let depth = 0, start = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      const stmt = code.slice(start, i + 1).trim();
      start = i + 1;
      // Declarations of types only: function prototypes and variables are not bpftrace's business.
      if (/^(typedef\b|(struct|union|enum)\b[^(]*\{)/.test(stmt) || /^(struct|union|enum)\s+\w+\s*\{/.test(stmt)) out.push(stmt);
    }
  }
  return out;
}

/**
 * Read `names` (in order) and what they include. `missing` is the first name the source
 * could not find; nested headers that cannot be found are skipped.
 */
export function readHeaders(names: readonly { name: string; quoted: boolean }[], source: HeaderSource,
  predefined: ReadonlyMap<string, string>): HeaderContents & { missing?: string } {
  const macros = new Map(predefined);
  const declarations: string[] = [];
  const seen = new Set<string>();

  const cond = (text: string): boolean => {
    const v = evalConst(tokenizeC(text), {
      name: (id) => { const m = macros.get(id); return m === undefined ? undefined : evalConst(tokenizeC(m), { name: () => undefined, unknownIsZero: true }); },
      defined: (id) => macros.has(id),
      unknownIsZero: true,
    });
    return v !== undefined && v !== 0n;
  };

  const include = (name: string, quoted: boolean, depth: number): boolean => {
    const h = source(name, quoted);
    if (!h) return false;
    if (seen.has(h.path) || depth > MAX_DEPTH) return true;
    seen.add(h.path);
    // Each frame: is this branch live, has a branch of the chain been taken.
    const stack: { live: boolean; taken: boolean }[] = [];
    const live = () => stack.every((f) => f.live);
    let code = '';
    for (const line of logicalLines(h.text)) {
      const m = /^\s*#\s*(\w+)\s*(.*)$/.exec(line);
      if (!m) { if (live()) code += line + '\n'; continue; }
      const [, d, rest] = m as unknown as [string, string, string];
      const arg = rest.trim();
      switch (d) {
        case 'if': case 'ifdef': case 'ifndef': {
          const on = !live() ? false : d === 'if' ? cond(arg) : d === 'ifdef' ? macros.has(arg) : !macros.has(arg);
          stack.push({ live: on, taken: on });
          continue;
        }
        case 'elif': case 'else': {
          const f = stack.pop();
          if (!f) continue;
          const outer = live();
          const on = outer && !f.taken && (d === 'else' || cond(arg));
          stack.push({ live: on, taken: f.taken || on });
          continue;
        }
        case 'endif': stack.pop(); continue;
      }
      if (!live()) continue;
      if (d === 'define') {
        defineMacro(macros, arg);
      } else if (d === 'undef') {
        macros.delete(arg);
      } else if (d === 'include') {
        // Flush what came before: declarations keep their order around nested headers.
        declarations.push(...declarationsOf(code));
        code = '';
        const inc = /^([<"])([^>"]+)[>"]/.exec(arg);
        if (inc) include(inc[2]!, inc[1] === '"', depth + 1);
      }
    }
    declarations.push(...declarationsOf(code));
    return true;
  };

  for (const { name, quoted } of names) {
    if (!include(name, quoted, 0)) return { macros, declarations, missing: name };
  }
  return { macros, declarations };
}
