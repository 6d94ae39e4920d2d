// Bare identifiers in expressions, resolved as bpftrace's clang preprocessing and BTF
// would: an object-like `#define` is expanded (its text parsed as an expression), an
// enumerator (script or BTF) or an included header's constant becomes an Integer.
// The Identifier node is rewritten in place, so codegen and `-d ast` see the value.
import { CHILDREN, parse, type Expr, type Identifier, type Node, type SizedType, type SourceRange } from '@bpftrace-ts/parser';
import { NONE } from '@bpftrace-ts/parser';
import type { Context } from './context.js';
import { checkExpr } from './expressions.js';
import { expandMacro } from '../cdefs/macro-expand.js';

/** Macro text -> its parsed expression (null when it is not one). Pure, so shared across checks. */
const parsedMacros = new Map<string, Expr | null>();

function macroExpr(text: string): Expr | null {
  let e = parsedMacros.get(text);
  if (e !== undefined) return e;
  const r = parse(`BEGIN { $__macro = ${text}; }`, { file: 'macro' });
  const stmt = r.ast?.probes[0]?.body[0];
  e = r.diagnostics.length === 0 && r.ast?.probes[0]?.body.length === 1 && stmt?.kind === 'AssignVar' ? stmt.value : null;
  if (parsedMacros.size > 1000) parsedMacros.clear();
  parsedMacros.set(text, e);
  return e;
}

/** A deep copy of `e` (untyped) with every range set to `range` (the expansion site). */
function cloneAt(e: Expr, range: SourceRange): Expr {
  const copy = (n: Node): Node => ({ ...n, range, ...('type' in n ? { type: undefined } : {}) }) as Node;
  const root = copy(e);
  // Copy the children of each copied node, from the table of node children (no recursion).
  const todo: Node[] = [root];
  for (let n = todo.pop(); n; n = todo.pop()) {
    const fields = n as unknown as Record<string, Node | Node[] | undefined>;
    for (const f of CHILDREN[n.kind] as readonly string[]) {
      const v = fields[f];
      if (Array.isArray(v)) todo.push(...(fields[f] = v.map(copy)));
      else if (v) todo.push((fields[f] = copy(v)));
    }
  }
  return root as Expr;
}

/** Turn the Identifier node into (a copy of) `src` in place: its parent keeps pointing at it. */
function replaceWith(target: Identifier, src: Expr): Expr {
  const t: Partial<Identifier> = target;
  delete t.name;
  delete t.type;
  return Object.assign(target, cloneAt(src, target.range)) as unknown as Expr;
}

function integer(value: bigint, range: SourceRange): Expr {
  const lit: Expr = { kind: 'Integer', value: value < 0n ? -value : value, text: String(value < 0n ? -value : value), range };
  return value < 0n ? { kind: 'Unary', op: '-', operand: lit, postfix: false, range } : lit;
}

/** A use of macro `name`: its expanded, parsed expression (null: not an expression), or the limit's message. */
type MacroUse = { expr: Expr | null } | { limit: string };
const expansions = new WeakMap<ReadonlyMap<string, string>, Map<string, MacroUse>>();

function macroUse(macros: ReadonlyMap<string, string>, name: string): MacroUse {
  let byName = expansions.get(macros);
  if (!byName) { byName = new Map(); expansions.set(macros, byName); }
  let use = byName.get(name);
  if (!use) {
    const x = expandMacro(name, macros);
    use = x.ok ? { expr: macroExpr(x.text) } : { limit: `Macro recursion limit reached: ${x.name}, ${x.text}` };
    byName.set(name, use);
  }
  return use;
}

export function checkIdentifier(ctx: Context, e: Identifier, reportRange: SourceRange): SizedType {
  // Inside an expansion every macro is expanded already: what is left (`#define A A`) is a name.
  if (ctx.env?.macros.has(e.name) && ctx.macroDepth === 0) {
    const use = macroUse(ctx.env.macros, e.name);
    if ('limit' in use) {
      ctx.error('pre/macro-recursion', use.limit, e.range);
      return NONE;
    }
    if (use.expr) {
      ctx.macroDepth++;
      try { return checkExpr(ctx, replaceWith(e, use.expr)); } finally { ctx.macroDepth--; }
    }
  }
  const value = ctx.env?.constant(e.name);
  if (value !== undefined) return checkExpr(ctx, replaceWith(e, integer(value, e.range)));
  ctx.error('type/unknown-identifier', `Unknown identifier: '${e.name}'`, reportRange);
  return NONE;
}
