// The AST's one table of children: for each node kind, the fields that hold nodes
// (a node or an array of nodes), in source order, as Babel's node definitions list a
// node's visitor keys. Walks read the table instead of looking at every property, and
// `test/visit.test.ts` checks that it names every node-holding field of every kind.
// The walker is iterative (an explicit stack), so an AST of any depth is safe to visit.
import type { Node } from './ast.js';

export type NodeKind = Node['kind'];
export type NodeOf<K extends NodeKind> = Extract<Node, { kind: K }>;

/** The fields of `N` whose value is a node, an optional node or an array of nodes. */
export type ChildField<N> = {
  [F in keyof N]-?: F extends 'kind' | 'range' | 'type' ? never : NonNullable<N[F]> extends Node | readonly Node[] ? F : never;
}[keyof N];

type ChildTable = { readonly [K in NodeKind]: readonly ChildField<NodeOf<K>>[] };

export const CHILDREN = {
  Program: ['preprocessor', 'definitions', 'probes'],
  Probe: ['attachPoints', 'predicate', 'body'],
  AttachPoint: [],
  Preprocessor: [],
  CDefinition: [],
  TypeName: [],
  ExprStmt: ['expr'],
  AssignMap: ['map', 'value'],
  AssignVar: ['variable', 'value'],
  If: ['cond', 'then', 'else'],
  Unroll: ['count', 'body'],
  While: ['cond', 'body'],
  Jump: [],
  Integer: [],
  String: [],
  PositionalParam: [],
  PositionalCount: [],
  Builtin: [],
  Identifier: [],
  Call: ['args'],
  Map: ['keys'],
  Variable: [],
  Binary: ['left', 'right'],
  Unary: ['operand'],
  FieldAccess: ['expr'],
  ArrayAccess: ['expr', 'index'],
  Cast: ['typeName', 'expr'],
  Tuple: ['elems'],
  Ternary: ['cond', 'then', 'else'],
  Sizeof: ['arg'],
  Offsetof: ['typeName'],
} as const satisfies ChildTable;

// Compile-time completeness: a kind whose table entry misses one of its node fields fails here.
type Missing = { [K in NodeKind]: Exclude<ChildField<NodeOf<K>>, (typeof CHILDREN)[K][number]> }[NodeKind];
const complete: [Missing] extends [never] ? true : Missing = true;
void complete;

/** The direct children of `node`, in source order. */
export function childrenOf(node: Node): Node[] {
  const out: Node[] = [];
  const fields = CHILDREN[node.kind] as readonly string[];
  for (const f of fields) {
    const v = (node as unknown as Record<string, Node | readonly Node[] | undefined>)[f];
    if (v === undefined) continue;
    if (Array.isArray(v)) out.push(...(v as readonly Node[]));
    else out.push(v as Node);
  }
  return out;
}

/** What a visitor function returns: nothing (go on), 'skip' (not this node's children) or 'stop'. */
export type VisitResult = void | 'skip' | 'stop';

/**
 * Handlers by node kind (typed by it), and `enter` for every node; each gets the node's
 * depth (the roots are depth 1).
 */
export type Visitor = { [K in NodeKind]?: (node: NodeOf<K>, depth: number) => VisitResult } & {
  enter?: (node: Node, depth: number) => VisitResult;
};

/**
 * Visit `roots` and everything under them, parents before children, in source order.
 * Returns true when a handler stopped the walk.
 */
export function visit(roots: Node | readonly Node[], visitor: Visitor): boolean {
  const stack: [Node, number][] = [];
  const push = (nodes: readonly Node[], depth: number) => {
    for (let k = nodes.length - 1; k >= 0; k--) stack.push([nodes[k]!, depth]);
  };
  push(Array.isArray(roots) ? (roots as readonly Node[]) : [roots as Node], 1);
  while (stack.length) {
    const [node, depth] = stack.pop()!;
    let r = visitor.enter?.(node, depth);
    const byKind = visitor[node.kind] as ((n: Node, d: number) => VisitResult) | undefined;
    if (r === undefined && byKind) r = byKind(node, depth);
    if (r === 'stop') return true;
    if (r !== 'skip') push(childrenOf(node), depth + 1);
  }
  return false;
}

/** True when some node under `roots` (included) satisfies `test`. */
export function someNode(roots: Node | readonly Node[], test: (node: Node) => boolean): boolean {
  return visit(roots, { enter: (n) => (test(n) ? 'stop' : undefined) });
}
