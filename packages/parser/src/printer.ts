// printAst: bpftrace 0.17's `-d ast` layout ("AST after: parser"), one node per line,
// one space of indent per level. It keeps 0.17's quirks on purpose: `x += 1` prints as
// `x = x + 1`, `->` as `.` over `dereference`, and `while` leaves the indent 2 deeper.
import type * as A from './ast.js';
import type { SizedType } from './types.js';
import { escapeForPrint } from './escapes.js';
import { STACK_MODES } from './builtins.js';
import { formatTypeBpftrace } from './format-type.js';

export interface PrintOptions {
  /** Print the types the checker filled in (else every type prints as `none`). */
  typed?: boolean;
  /** How to print a type inside `type[...]`; defaults to bpftrace's spelling. */
  formatType?: (t: SizedType) => string;
}

// Provider aliases bpftrace expands before printing attach points.
const PROVIDER_ALIASES: Record<string, string> = {
  t: 'tracepoint', k: 'kprobe', kr: 'kretprobe', u: 'uprobe', ur: 'uretprobe', U: 'usdt',
  p: 'profile', i: 'interval', s: 'software', h: 'hardware', w: 'watchpoint',
  aw: 'asyncwatchpoint', f: 'kfunc', fr: 'kretfunc', fentry: 'kfunc', fexit: 'kretfunc',
  rt: 'rawtracepoint', it: 'iter',
};

export function attachPointName(ap: A.AttachPoint): string {
  const provider = PROVIDER_ALIASES[ap.provider] ?? ap.provider;
  return [provider, ...ap.parts].join(':');
}

export function printAst(program: A.Program, opts: PrintOptions = {}): string {
  return new Printer(opts).program(program);
}

/** What is left to print, in order: a line, a node, or an indent change. */
type Task = string | A.Expr | A.Stmt | 1 | -1;

// Iterative (a stack of tasks, not recursion), so an AST of any depth prints.
class Printer {
  private out: string[] = [];
  private depth = 0;
  private todo: Task[] = [];

  constructor(private readonly opts: PrintOptions) {}

  private typeSuffix(e: A.Expr): string {
    const t: SizedType = this.opts.typed && e.type ? e.type : { tag: 'none' };
    if (this.opts.formatType) return ` :: ${this.opts.formatType(t)}`;
    return ` :: ${formatTypeBpftrace(t)}`;
  }

  program(p: A.Program): string {
    const top = [...p.preprocessor, ...p.definitions].sort((a, b) => a.range.start.offset - b.range.start.offset);
    if (top.length) this.out.push(top.map((t) => (t.kind === 'CDefinition' ? cdefText(t.text) : t.text)).join('\n'), '');
    this.out.push('Program');
    for (const probe of p.probes) {
      const pred: Task[] = probe.predicate ? ['pred', 1, probe.predicate, -1] : [];
      this.then(1, ...probe.attachPoints.map(attachPointName), 1, ...pred, ...probe.body, -1, -1);
      this.drain();
    }
    return this.out.join('\n') + '\n';
  }

  /** Queue tasks to run next, in the order given. */
  private then(...tasks: Task[]): void {
    for (let k = tasks.length - 1; k >= 0; k--) this.todo.push(tasks[k]!);
  }

  private drain(): void {
    for (let t = this.todo.pop(); t !== undefined; t = this.todo.pop()) {
      if (t === 1 || t === -1) this.depth += t;
      else if (typeof t === 'string') this.out.push(' '.repeat(this.depth) + t);
      else if (isStmt(t)) this.stmt(t);
      else this.expr(t);
    }
  }

  private stmt(s: A.Stmt): void {
    switch (s.kind) {
      case 'ExprStmt':
        return this.then(s.expr);
      case 'AssignMap':
      case 'AssignVar': {
        const target = s.kind === 'AssignMap' ? s.map : s.variable;
        // bpftrace desugars `a op= b` to `a = a op b` while parsing.
        const value: A.Expr = s.op === '=' ? s.value
          : { kind: 'Binary', op: s.op.slice(0, -1) as A.BinaryOp, left: target, right: s.value, range: s.range, type: s.value.type };
        return this.then('=', 1, target, value, -1);
      }
      case 'If': {
        const otherwise: Task[] = s.else ? ['else', 1, ...s.else, -1] : [];
        return this.then('if', 1, s.cond, 'then', 1, ...s.then, -1, ...otherwise, -1);
      }
      case 'Unroll':
        return this.then('unroll', 1, s.count, 'block', 1, ...s.body, -1, -1);
      case 'While':
        // 0.17 raises the indent twice here and never lowers it again.
        return this.then('while(', 1, s.cond, ')', 1, ...s.body);
      case 'Jump':
        return this.then(s.which);
    }
  }

  private expr(e: A.Expr): void {
    const sfx = this.typeSuffix(e);
    const kids = (...xs: A.Expr[]): Task[] => [1, ...xs, -1];
    switch (e.kind) {
      case 'Integer':
        return this.then(`int: ${BigInt.asIntN(64, e.value)}${sfx}`);
      case 'String':
        return this.then(`string: ${escapeForPrint(e.value)}${sfx}`);
      case 'PositionalParam':
        return this.then(`param: $${e.index}${sfx}`);
      case 'PositionalCount':
        return this.then(`param: $#${sfx}`);
      case 'Builtin':
        // 0.17's lexer does not know `jiffies` yet, so its dump calls it an identifier.
        return this.then(`${e.name === 'jiffies' ? 'identifier' : 'builtin'}: ${e.name}${sfx}`);
      case 'Identifier':
        return this.then(`${STACK_MODES.has(e.name) ? 'stack_mode' : 'identifier'}: ${e.name}${sfx}`);
      case 'Variable':
        return this.then(`variable: ${e.name}${sfx}`);
      case 'Call':
        return this.then(`call: ${e.name}${sfx}`, ...kids(...e.args));
      case 'Map':
        return this.then(`map: ${e.name}${sfx}`, ...kids(...e.keys));
      case 'Binary':
        return this.then(`${e.op}${sfx}`, ...kids(e.left, e.right));
      case 'Unary':
        if (e.postfix) return this.then(e.operand, 1, e.op, -1);
        return this.then(e.op === '*' ? 'dereference' : e.op, ...kids(e.operand));
      case 'FieldAccess': {
        const inner: Task[] = e.arrow ? ['dereference', ...kids(e.expr)] : [e.expr];
        return this.then('.', 1, ...inner, e.field, -1);
      }
      case 'ArrayAccess':
        return this.then('[]', ...kids(e.expr, e.index));
      case 'Cast':
        return this.then(`(${typeNameText(e.typeName)})`, ...kids(e.expr));
      case 'Tuple':
        return this.then('tuple:', ...kids(...e.elems));
      case 'Ternary':
        return this.then('?:', ...kids(e.cond, e.then, e.else));
      case 'Sizeof': {
        if (e.arg.kind !== 'TypeName') return this.then(`call: sizeof${sfx}`, ...kids(e.arg));
        const t = e.arg;
        return this.then(`call: sizeof${sfx}`, 1, `identifier: ${typeNameText(t)}${this.typeSuffix({ kind: 'Identifier', name: '', range: t.range })}`, -1);
      }
      case 'Offsetof':
        return this.then(`offsetof: ${typeNameText(e.typeName)}${sfx}`, 1, e.field, -1);
    }
  }
}

const STMT_KINDS = new Set(['ExprStmt', 'AssignMap', 'AssignVar', 'If', 'Unroll', 'While', 'Jump']);
const isStmt = (n: A.Expr | A.Stmt): n is A.Stmt => STMT_KINDS.has(n.kind);

/** `struct task_struct*`, `uint8[4]`: how 0.17 prints a cast's type. */
export function typeNameText(t: A.TypeName): string {
  return t.base + '*'.repeat(t.pointerDepth) + (t.arrayLength !== undefined ? `[${t.arrayLength}]` : '');
}

function cdefText(text: string): string {
  // `struct a { ... }` prints as `struct a { ... };`; a written `;` stays after it.
  const close = text.lastIndexOf('}');
  return text.slice(0, close + 1) + ';' + text.slice(close + 1);
}
