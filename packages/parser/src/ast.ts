// The AST: one discriminated union per category (Expr, Stmt), every node with a
// source range. The parser builds it; the type checker fills `type` on
// expressions; codegen reads it. Nothing here does I/O.

import type { SourceRange } from './diagnostic.js';
import type { SizedType } from './types.js';

interface NodeBase {
  range: SourceRange;
}

interface ExprBase extends NodeBase {
  /** Filled by the type checker. */
  type?: SizedType;
}

// ---------------------------------------------------------------- expressions

export interface IntegerLit extends ExprBase {
  kind: 'Integer';
  /** Exact value (64-bit range); literals may be written in hex, octal, with `_` or size suffixes. */
  value: bigint;
  text: string;
}

export interface StringLit extends ExprBase {
  kind: 'String';
  /** Value after escape processing. */
  value: string;
}

/** `$1`..`$N`; `$#` is PositionalCount. */
export interface PositionalParam extends ExprBase {
  kind: 'PositionalParam';
  index: number;
  /** Its integer value (decimal, 0x hex or 0 octal, as strtoll base 0), set by the checker (additive). */
  value?: bigint;
}

export interface PositionalCount extends ExprBase {
  kind: 'PositionalCount';
}

/** pid, tid, comm, nsecs, args, arg0.., retval, curtask, probe, func, ... */
export interface Builtin extends ExprBase {
  kind: 'Builtin';
  name: string;
}

/** A bare identifier: stack modes (`kstack(perf)`), enum values, type names in sizeof. */
export interface Identifier extends ExprBase {
  kind: 'Identifier';
  name: string;
}

export interface Call extends ExprBase {
  kind: 'Call';
  name: string;
  args: Expr[];
}

export interface MapRef extends ExprBase {
  kind: 'Map';
  /** Including the `@`: "@opens", or "@" for the anonymous map. */
  name: string;
  /** Empty for a map with no key; several for `@[a, b]`. */
  keys: Expr[];
}

export interface Variable extends ExprBase {
  kind: 'Variable';
  /** Including the `$`. */
  name: string;
}

export type BinaryOp =
  | '+' | '-' | '*' | '/' | '%'
  | '<<' | '>>' | '&' | '|' | '^'
  | '==' | '!=' | '<' | '<=' | '>' | '>='
  | '&&' | '||';

export interface Binary extends ExprBase {
  kind: 'Binary';
  op: BinaryOp;
  left: Expr;
  right: Expr;
}

/** '*' is pointer dereference; '&' address-of. '++'/'--' carry `postfix`. */
export type UnaryOp = '!' | '~' | '-' | '*' | '&' | '++' | '--';

export interface Unary extends ExprBase {
  kind: 'Unary';
  op: UnaryOp;
  operand: Expr;
  postfix: boolean;
}

/** `a.b`, `a->b` (arrow: true), and tuple access `t.0` (field "0"). */
export interface FieldAccess extends ExprBase {
  kind: 'FieldAccess';
  expr: Expr;
  field: string;
  arrow: boolean;
}

export interface ArrayAccess extends ExprBase {
  kind: 'ArrayAccess';
  expr: Expr;
  index: Expr;
}

/** A C type as written in a cast, sizeof or offsetof: `struct task_struct *`, `int8`, `uint32[4]`. */
export interface TypeName extends NodeBase {
  kind: 'TypeName';
  /** Base name without pointer stars: "struct task_struct", "int8", "unsigned int". */
  base: string;
  pointerDepth: number;
  /** For array casts `(uint8[4])x`. */
  arrayLength?: number;
}

export interface Cast extends ExprBase {
  kind: 'Cast';
  typeName: TypeName;
  expr: Expr;
}

export interface Tuple extends ExprBase {
  kind: 'Tuple';
  elems: Expr[];
}

export interface Ternary extends ExprBase {
  kind: 'Ternary';
  cond: Expr;
  then: Expr;
  else: Expr;
}

export interface Sizeof extends ExprBase {
  kind: 'Sizeof';
  arg: Expr | TypeName;
  /** The size in bytes, set by the checker (additive). */
  size?: number;
}

export interface Offsetof extends ExprBase {
  kind: 'Offsetof';
  typeName: TypeName;
  field: string;
}

export type Expr =
  | IntegerLit | StringLit | PositionalParam | PositionalCount | Builtin | Identifier
  | Call | MapRef | Variable | Binary | Unary | FieldAccess | ArrayAccess | Cast
  | Tuple | Ternary | Sizeof | Offsetof;

// ----------------------------------------------------------------- statements

export interface ExprStmt extends NodeBase {
  kind: 'ExprStmt';
  expr: Expr;
}

/** '=' or a compound operator ('+=' ...). `@x++` is an ExprStmt with a Unary. */
export type AssignOp = '=' | '+=' | '-=' | '*=' | '/=' | '%=' | '&=' | '|=' | '^=' | '<<=' | '>>=';

export interface AssignMap extends NodeBase {
  kind: 'AssignMap';
  map: MapRef;
  op: AssignOp;
  value: Expr;
}

export interface AssignVar extends NodeBase {
  kind: 'AssignVar';
  variable: Variable;
  op: AssignOp;
  value: Expr;
}

export interface If extends NodeBase {
  kind: 'If';
  cond: Expr;
  then: Stmt[];
  /** `else if` is an else holding one If. */
  else?: Stmt[];
}

export interface Unroll extends NodeBase {
  kind: 'Unroll';
  count: Expr;
  body: Stmt[];
  /** The constant count, set by the checker (additive). */
  times?: number;
}

export interface While extends NodeBase {
  kind: 'While';
  cond: Expr;
  body: Stmt[];
}

export interface Jump extends NodeBase {
  kind: 'Jump';
  which: 'break' | 'continue' | 'return';
}

export type Stmt = ExprStmt | AssignMap | AssignVar | If | Unroll | While | Jump;

// --------------------------------------------------------------- top level

/**
 * One attach point as written. The parser splits it on ':' (respecting quotes);
 * the probe table in typecheck decides what the parts mean.
 */
export interface AttachPoint extends NodeBase {
  kind: 'AttachPoint';
  /** Text as written, e.g. "t:syscalls:sys_enter_*", "BEGIN", "uprobe:/bin/bash:readline". */
  raw: string;
  /** First part as written: "t", "tracepoint", "BEGIN", "ur", ... */
  provider: string;
  /** The remaining ':'-separated parts, quotes removed. `uprobe:/bin/sh:foo+4` -> ["/bin/sh", "foo+4"]. */
  parts: string[];
}

export interface Probe extends NodeBase {
  kind: 'Probe';
  attachPoints: AttachPoint[];
  predicate?: Expr;
  body: Stmt[];
}

/** `#include <...>` / `#define X 1` lines, kept verbatim. */
export interface Preprocessor extends NodeBase {
  kind: 'Preprocessor';
  text: string;
}

/** `struct X { ... };`, `union`, `enum` definitions in the script, kept as C text. */
export interface CDefinition extends NodeBase {
  kind: 'CDefinition';
  text: string;
}

export interface Program extends NodeBase {
  kind: 'Program';
  preprocessor: Preprocessor[];
  definitions: CDefinition[];
  probes: Probe[];
}

export type Node = Program | Probe | AttachPoint | Preprocessor | CDefinition | TypeName | Stmt | Expr;
