// The one place that turns ohm's parse tree into our AST (ast.ts). Ranges come from
// each node's source interval; literal errors (escapes, integer range) are collected
// as diagnostics in the per-parse context rather than thrown.
import type * as ohm from 'ohm-js';
import type * as A from './ast.js';
import { error, type Diagnostic, type SourceRange } from './diagnostic.js';
import type { LineMap } from './positions.js';
import { splitAttachPoint } from './attach-point.js';
import { isBuiltinName } from './builtins.js';
import { parseIntegerText } from './integers.js';
import { unescapeString } from './escapes.js';
import { blankComments } from './comments.js';

export interface BuildContext {
  lines: LineMap;
  diagnostics: Diagnostic[];
  /** Matched-text offset to source offset (the grammar matches compacted text). */
  toSource: (offset: number) => number;
  /** ASTs of the pieces matched apart (pieces.ts), by the placeholder that stands for them. */
  holes?: Map<string, A.Expr | A.Stmt[]>;
}

let ctx: BuildContext | undefined;

/** Build the AST of a successful match; literal problems go to `diagnostics`. */
export function buildProgram(
  semantics: ohm.Semantics,
  match: ohm.MatchResult,
  lines: LineMap,
  diagnostics: Diagnostic[],
  toSource: (offset: number) => number = (o) => o,
): A.Program {
  return buildNode(semantics, match, { lines, diagnostics, toSource }) as A.Program;
}

/** Build the AST of a match of any start rule (a piece: Expr, Stmts, ProbeList). */
export function buildNode(semantics: ohm.Semantics, match: ohm.MatchResult, context: BuildContext): unknown {
  const outer = ctx;
  ctx = context;
  try {
    return semantics(match)['ast']();
  } finally {
    ctx = outer;
  }
}

type N = ohm.Node;

const startOf = (node: N): number => ctx!.toSource(node.source.startIdx);
const endOf = (node: N): number => ctx!.toSource(node.source.endIdx);

function rangeOf(node: N): SourceRange {
  return ctx!.lines.range(startOf(node), endOf(node));
}

function span(a: { range: SourceRange }, b: { range: SourceRange }): SourceRange {
  return { start: a.range.start, end: b.range.end };
}

const ast = (n: N): any => n['ast']();
const opt = (n: N): any => (n.numChildren ? ast(n.children[0]!) : undefined);

// C precedence of bpftrace's binary operators (higher binds tighter); all left-associative.
const PREC: Record<string, number> = {
  '||': 1, '&&': 2, '|': 3, '^': 4, '&': 5, '==': 6, '!=': 6,
  '<': 7, '<=': 7, '>': 7, '>=': 7, '<<': 8, '>>': 8, '+': 9, '-': 9, '*': 10, '/': 10, '%': 10,
};

/** Precedence climbing over the flat `Unary (binOp Unary)*` list. */
export function foldBinary(operands: A.Expr[], ops: string[]): A.Expr {
  let i = 0;
  const climb = (minPrec: number): A.Expr => {
    let left = operands[i]!;
    while (i < ops.length && PREC[ops[i]!]! >= minPrec) {
      const op = ops[i]!;
      i++;
      const right = climb(PREC[op]! + 1);
      left = { kind: 'Binary', op: op as A.BinaryOp, left, right, range: span(left, right) };
    }
    return left;
  };
  // i counts the operators consumed, so operands[i] is always the next operand.
  return climb(1);
}

/** The matched text as written (comments were blanked before matching). */
function original(node: N): string {
  return ctx!.lines.source.slice(startOf(node), endOf(node));
}

const STMT_KINDS = new Set(['ExprStmt', 'AssignMap', 'AssignVar', 'If', 'Unroll', 'While', 'Jump']);

function typeBaseText(n: N): string {
  // Normalise `struct   foo` to `struct foo`.
  return n.sourceString.replace(/\s+/g, ' ');
}

/** `sizeof(foo)`: a bare non-builtin identifier is a type name (typedef or enum). */
function identToTypeName(e: A.Expr): A.Expr | A.TypeName {
  if (e.kind !== 'Identifier') return e;
  return { kind: 'TypeName', base: e.name, pointerDepth: 0, range: e.range };
}

export function addActions(semantics: ohm.Semantics): void {
  semantics.addOperation('ast', {
    Program(tops, probes) {
      const preprocessor: A.Preprocessor[] = [];
      const definitions: A.CDefinition[] = [];
      for (const t of tops.children) {
        const node = ast(t) as A.Preprocessor | A.CDefinition;
        if (node.kind === 'Preprocessor') preprocessor.push(node);
        else definitions.push(node);
      }
      return { kind: 'Program', preprocessor, definitions, probes: probes.children.map(ast), range: rangeOf(this) };
    },
    preprocessorLine(_hash, _rest) {
      return { kind: 'Preprocessor', text: original(this).replace(/\s+$/, ''), range: rangeOf(this) };
    },
    CDefinition(_t) {
      return { kind: 'CDefinition', text: original(this), range: rangeOf(this) };
    },
    Probe(aps, pred, block) {
      return { kind: 'Probe', attachPoints: ast(aps), predicate: opt(pred), body: ast(block), range: rangeOf(this) };
    },
    AttachPoints(list, _comma) {
      return list.asIteration().children.map(ast);
    },
    attachPoint(_p, _colons, _segs) {
      const raw = this.sourceString;
      return { kind: 'AttachPoint', raw, ...splitAttachPoint(raw), range: rangeOf(this) };
    },
    Predicate(_l, e, _r) {
      return ast(e);
    },
    Block(_l, stmts, _r) {
      return ast(stmts);
    },
    Stmts(items) {
      // A placeholder for a run of statements matched apart (pieces.ts) gives an array.
      return items.children.flatMap(ast);
    },
    ProbeList(probes) {
      return probes.children.map(ast);
    },
    StmtItem_semi(s, _semi) {
      return ast(s);
    },
    StmtItem_last(s, _la) {
      return ast(s);
    },
    SimpleStmt(s) {
      const node = ast(s);
      if (Array.isArray(node) || STMT_KINDS.has(node.kind)) return node;
      return { kind: 'ExprStmt', expr: node, range: node.range };
    },
    IfStmt(_if, _l, cond, _r, block, elseIfs, elseOpt) {
      // Folded from the last `else if` back, without recursion: each If ends where the chain ends.
      const end = endOf(this);
      let tail: A.Stmt[] | undefined = opt(elseOpt);
      for (let k = elseIfs.numChildren - 1; k >= 0; k--) {
        const [, kw, , c, , b] = elseIfs.children[k]!.children;
        const range = ctx!.lines.range(startOf(kw!), end);
        tail = [{ kind: 'If', cond: ast(c!), then: ast(b!), else: tail, range } as A.Stmt];
      }
      return { kind: 'If', cond: ast(cond), then: ast(block), else: tail, range: rangeOf(this) };
    },
    ElseClause(_else, block) {
      return ast(block);
    },
    UnrollStmt(_kw, _l, count, _r, block) {
      return { kind: 'Unroll', count: ast(count), body: ast(block), range: rangeOf(this) };
    },
    WhileStmt(_kw, _l, cond, _r, block) {
      return { kind: 'While', cond: ast(cond), body: ast(block), range: rangeOf(this) };
    },
    Jump(_k) {
      return { kind: 'Jump', which: this.sourceString, range: rangeOf(this) };
    },
    Assign_map(m, op, e) {
      return { kind: 'AssignMap', map: ast(m), op: op.sourceString, value: ast(e), range: rangeOf(this) };
    },
    Assign_var(v, op, e) {
      return { kind: 'AssignVar', variable: ast(v), op: op.sourceString, value: ast(e), range: rangeOf(this) };
    },
    Binary(first, ops, rests) {
      if (ops.numChildren === 0) return ast(first);
      return foldBinary([ast(first), ...rests.children.map(ast)], ops.children.map((o) => o.sourceString));
    },
    Ternary(first, arms) {
      // `a ? b : c ? d : e` is a ? b : (c ? d : e): fold from the right, without recursion.
      const conds: A.Expr[] = [ast(first)];
      const thens: A.Expr[] = [];
      for (const arm of arms.children) {
        thens.push(ast(arm.children[1]!));
        conds.push(ast(arm.children[3]!));
      }
      let e = conds.pop()!;
      while (conds.length) {
        const cond = conds.pop()!;
        e = { kind: 'Ternary', cond, then: thens.pop()!, else: e, range: span(cond, e) };
      }
      return e;
    },
    Unary(prefixes, base) {
      // Prefixes apply right to left: `-!x` is -(!x). A loop, not a recursion.
      let e = ast(base) as A.Expr;
      const end = endOf(this);
      for (let k = prefixes.numChildren - 1; k >= 0; k--) {
        const p = prefixes.children[k]!.children[0]!; // UnaryPrefix_cast or UnaryPrefix_op
        const range = ctx!.lines.range(startOf(p), end);
        if (p.ctorName === 'UnaryPrefix_cast') e = { kind: 'Cast', typeName: ast(p.children[1]!), expr: e, range };
        else e = { kind: 'Unary', op: p.sourceString as A.UnaryOp, operand: e, postfix: false, range } as A.Expr;
      }
      return e;
    },
    UnaryBase_preIncDec(op, e) {
      return { kind: 'Unary', op: op.sourceString, operand: ast(e), postfix: false, range: rangeOf(this) };
    },
    UnaryBase_negInt(n) {
      return ast(n);
    },
    negInt(_minus, _sp, int) {
      const lit = ast(int) as A.IntegerLit;
      // As written (`-  1`; comments blanked): the matched text has its blanks shortened.
      return { ...lit, value: -lit.value, text: blankComments(original(this)), range: rangeOf(this) };
    },
    Postfix_chain(primary, _guards, ops) {
      let e = ast(primary) as A.Expr;
      const start = startOf(this);
      for (const op of ops.children) {
        const range = ctx!.lines.range(start, endOf(op));
        const alt = op.children[0]!; // the PostfixOp_* case node
        const field = () => alt.children[1]!.sourceString;
        if (alt.ctorName === 'PostfixOp_index') e = { kind: 'ArrayAccess', expr: e, index: ast(alt.children[1]!), range };
        else e = { kind: 'FieldAccess', expr: e, field: field(), arrow: alt.ctorName === 'PostfixOp_arrow', range };
      }
      return e;
    },
    Postfix_incDec(_guard, e, op) {
      return { kind: 'Unary', op: op.sourceString, operand: ast(e), postfix: true, range: rangeOf(this) };
    },
    Primary_tuple(_l, first, _c, rest, _r) {
      const elems = [ast(first), ...rest.asIteration().children.map(ast)];
      return { kind: 'Tuple', elems, range: rangeOf(this) };
    },
    Primary_paren(_l, e, _r) {
      return ast(e);
    },
    Primary_ident(i) {
      const name = i.sourceString;
      const hole = ctx!.holes?.get(name);
      if (hole) return hole;
      return { kind: isBuiltinName(name) ? 'Builtin' : 'Identifier', name, range: rangeOf(this) };
    },
    Call(name, _l, args, _r) {
      return { kind: 'Call', name: name.sourceString, args: args.asIteration().children.map(ast), range: rangeOf(this) };
    },
    Sizeof(_kw, _l, arg, _r) {
      return { kind: 'Sizeof', arg: ast(arg), range: rangeOf(this) };
    },
    SizeofArg_type(t, _la) {
      return ast(t);
    },
    SizeofArg_expr(e) {
      return identToTypeName(ast(e));
    },
    Offsetof(_kw, _l, t, _c, fields, _r) {
      const field = fields.asIteration().children.map((f) => f.sourceString).join('.');
      return { kind: 'Offsetof', typeName: ast(t), field, range: rangeOf(this) };
    },
    MapRef(name, keys) {
      const list = keys.numChildren ? keys.children[0]!.children[1]!.asIteration().children.map(ast) : [];
      return { kind: 'Map', name: name.sourceString, keys: list, range: rangeOf(this) };
    },
    variable(_d, _s, _r) {
      return { kind: 'Variable', name: this.sourceString, range: rangeOf(this) };
    },
    positional(_d, _n) {
      const s = this.sourceString;
      if (s === '$#') return { kind: 'PositionalCount', range: rangeOf(this) };
      return { kind: 'PositionalParam', index: Number(s.slice(1)), range: rangeOf(this) };
    },
    TypeName(base, stars, arr) {
      const t: A.TypeName = {
        kind: 'TypeName',
        base: typeBaseText(base).replace(/\s*$/, ''),
        pointerDepth: stars.numChildren,
        range: rangeOf(this),
      };
      if (arr.numChildren) t.arrayLength = Number(arr.children[0]!.children[1]!.sourceString.replace(/_/g, ''));
      return t;
    },
    integer(_digit, _n, _suffix) {
      const text = this.sourceString;
      const r = parseIntegerText(text);
      const range = rangeOf(this);
      if ('error' in r) {
        ctx!.diagnostics.push(error('parse/integer', r.error, range));
        return { kind: 'Integer', value: 0n, text, range };
      }
      return { kind: 'Integer', value: r.value, text, range };
    },
    string(_l, _backslashes, _chars, _r) {
      const range = rangeOf(this);
      const r = unescapeString(this.sourceString.slice(1, -1));
      if ('error' in r) {
        // bpftrace underlines from the opening quote to the end of the bad escape.
        const start = startOf(this);
        ctx!.diagnostics.push(error('parse/escape', r.error, ctx!.lines.range(start, start + 1 + r.at)));
        return { kind: 'String', value: '', range };
      }
      return { kind: 'String', value: r.value, range };
    },
  });
}
