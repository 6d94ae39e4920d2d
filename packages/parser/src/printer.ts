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

class Printer {
  private out: string[] = [];
  private depth = 0;

  constructor(private readonly opts: PrintOptions) {}

  private line(text: string): void {
    this.out.push(' '.repeat(this.depth) + text);
  }

  private typeSuffix(e: A.Expr): string {
    const t: SizedType = this.opts.typed && e.type ? e.type : { tag: 'none' };
    if (this.opts.formatType) return ` :: ${this.opts.formatType(t)}`;
    return ` :: ${formatTypeBpftrace(t)}`;
  }

  program(p: A.Program): string {
    const top = [...p.preprocessor, ...p.definitions].sort((a, b) => a.range.start.offset - b.range.start.offset);
    if (top.length) this.out.push(top.map((t) => (t.kind === 'CDefinition' ? cdefText(t.text) : t.text)).join('\n'), '');
    this.out.push('Program');
    for (const probe of p.probes) this.probe(probe);
    return this.out.join('\n') + '\n';
  }

  private nested(f: () => void): void {
    this.depth++;
    f();
    this.depth--;
  }

  private probe(p: A.Probe): void {
    this.nested(() => {
      for (const ap of p.attachPoints) this.line(attachPointName(ap));
      this.nested(() => {
        if (p.predicate) {
          this.line('pred');
          this.nested(() => this.expr(p.predicate!));
        }
        this.stmts(p.body);
      });
    });
  }

  private stmts(list: A.Stmt[]): void {
    for (const s of list) this.stmt(s);
  }

  private stmt(s: A.Stmt): void {
    switch (s.kind) {
      case 'ExprStmt':
        return this.expr(s.expr);
      case 'AssignMap':
      case 'AssignVar': {
        const target = s.kind === 'AssignMap' ? s.map : s.variable;
        this.line('=');
        this.nested(() => {
          this.expr(target);
          if (s.op === '=') this.expr(s.value);
          else {
            // bpftrace desugars `a op= b` to `a = a op b` while parsing.
            const op = s.op.slice(0, -1) as A.BinaryOp;
            this.expr({ kind: 'Binary', op, left: target, right: s.value, range: s.range, type: s.value.type });
          }
        });
        return;
      }
      case 'If':
        this.line('if');
        this.nested(() => {
          this.expr(s.cond);
          this.line('then');
          this.nested(() => this.stmts(s.then));
          if (s.else) {
            this.line('else');
            this.nested(() => this.stmts(s.else!));
          }
        });
        return;
      case 'Unroll':
        this.line('unroll');
        this.nested(() => {
          this.expr(s.count);
          this.line('block');
          this.nested(() => this.stmts(s.body));
        });
        return;
      case 'While':
        // 0.17 raises the indent twice here and never lowers it again.
        this.line('while(');
        this.depth++;
        this.expr(s.cond);
        this.line(')');
        this.depth++;
        this.stmts(s.body);
        return;
      case 'Jump':
        this.line(s.which);
        return;
    }
  }

  private expr(e: A.Expr): void {
    const sfx = this.typeSuffix(e);
    const kids = (...xs: A.Expr[]) => this.nested(() => xs.forEach((x) => this.expr(x)));
    switch (e.kind) {
      case 'Integer':
        return this.line(`int: ${BigInt.asIntN(64, e.value)}${sfx}`);
      case 'String':
        return this.line(`string: ${escapeForPrint(e.value)}${sfx}`);
      case 'PositionalParam':
        return this.line(`param: $${e.index}${sfx}`);
      case 'PositionalCount':
        return this.line(`param: $#${sfx}`);
      case 'Builtin':
        // 0.17's lexer does not know `jiffies` yet, so its dump calls it an identifier.
        return this.line(`${e.name === 'jiffies' ? 'identifier' : 'builtin'}: ${e.name}${sfx}`);
      case 'Identifier':
        return this.line(`${STACK_MODES.has(e.name) ? 'stack_mode' : 'identifier'}: ${e.name}${sfx}`);
      case 'Variable':
        return this.line(`variable: ${e.name}${sfx}`);
      case 'Call':
        this.line(`call: ${e.name}${sfx}`);
        return kids(...e.args);
      case 'Map':
        this.line(`map: ${e.name}${sfx}`);
        return kids(...e.keys);
      case 'Binary':
        this.line(`${e.op}${sfx}`);
        return kids(e.left, e.right);
      case 'Unary':
        if (e.postfix) {
          this.expr(e.operand);
          return this.nested(() => this.line(e.op));
        }
        this.line(e.op === '*' ? 'dereference' : e.op);
        return kids(e.operand);
      case 'FieldAccess':
        this.line('.');
        this.nested(() => {
          if (e.arrow) {
            this.line('dereference');
            kids(e.expr);
          } else this.expr(e.expr);
          this.line(e.field);
        });
        return;
      case 'ArrayAccess':
        this.line('[]');
        return kids(e.expr, e.index);
      case 'Cast':
        this.line(`(${typeNameText(e.typeName)})`);
        return kids(e.expr);
      case 'Tuple':
        this.line('tuple:');
        return kids(...e.elems);
      case 'Ternary':
        this.line('?:');
        return kids(e.cond, e.then, e.else);
      case 'Sizeof':
        this.line(`call: sizeof${sfx}`);
        if (e.arg.kind === 'TypeName') {
          const t = e.arg;
          this.nested(() => this.line(`identifier: ${typeNameText(t)}${this.typeSuffix({ kind: 'Identifier', name: '', range: t.range })}`));
        } else kids(e.arg);
        return;
      case 'Offsetof':
        this.line(`offsetof: ${typeNameText(e.typeName)}${sfx}`);
        return this.nested(() => this.line(e.field));
    }
  }
}

/** `struct task_struct*`, `uint8[4]`: how 0.17 prints a cast's type. */
export function typeNameText(t: A.TypeName): string {
  return t.base + '*'.repeat(t.pointerDepth) + (t.arrayLength !== undefined ? `[${t.arrayLength}]` : '');
}

function cdefText(text: string): string {
  // `struct a { ... }` prints as `struct a { ... };`; a written `;` stays after it.
  const close = text.lastIndexOf('}');
  return text.slice(0, close + 1) + ';' + text.slice(close + 1);
}
