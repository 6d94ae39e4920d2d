// Script generators for the frontend property test: token soup, probe-aligned windows,
// probes spliced across scripts, and character/token edits.
import fc from 'fast-check';

// Pieces of bpftrace, many of them type-relevant so that soups reach the checker.
const TOKENS = [
  'BEGIN', 'END', 'kprobe:vfs_read', 'kretprobe:vfs_*', 'tracepoint:syscalls:sys_enter_openat', 't:sched:sched_switch',
  'kfunc:vfs_read', 'kretfunc:vfs_open', 'uprobe:/bin/bash:readline', 'ur:/bin/bash:readline', 'usdt:/bin/x:p:q',
  'profile:hz:99', 'interval:s:1', 'software:faults:1', 'hardware:cache-misses:1000', 'watchpoint:0x1:8:rw', 'iter:task',
  '{', '}', '{', '}', '(', ')', '[', ']', '/', ';', ';', ',', ':', '?', '.', '->', '=', '+=', '<<=', '++', '--',
  '+', '-', '*', '&', '|', '^', '!', '~', '<', '>=', '==', '!=', '&&', '||', '<<', '%',
  '@x', '@y[1]', '@[tid, comm]', '@', '$a', '$b', '$1', '$2', '$#', '0', '1', '-1', '0x10', '1e3', '18446744073709551615',
  '"s"', '"%d %s\\n"', '"%lx %r"', 'pid', 'tid', 'comm', 'nsecs', 'retval', 'arg0', 'arg9', 'sarg0', 'args', 'args->fd',
  'args->filename', 'args->ret', 'curtask', 'curtask->pid', 'curtask->mm->owner', 'func', 'probe', 'kstack', 'ustack(perf, 3)',
  'cgroup', 'username', 'elapsed', 'cpu', 'rand', 'ctx', 'count()', 'sum(arg0)', 'avg($a)', 'min(1)', 'max(-1)', 'stats(2)',
  'hist(retval)', 'lhist(arg0, 0, 100, 10)', 'printf("%d\\n", pid)', 'printf("%s", comm)', 'print(@x)', 'clear(@x)',
  'delete(@y[1])', 'exit()', 'str(arg1)', 'str($1, 4)', 'buf(arg0, 8)', 'ksym(arg0)', 'usym(arg0)', 'kaddr("vfs_read")',
  'ntop(2, arg0)', 'pton("127.0.0.1")', 'reg("ip")', 'join(arg0)', 'time("%H")', 'strftime("%H", nsecs)', 'system("x")',
  'cat("/x")', 'signal(9)', 'override(0)', 'bswap(1)', 'sizeof(int32)', 'sizeof(struct task_struct)', 'offsetof(struct task_struct, pid)',
  'macaddr(arg0)', 'cgroupid("/x")', 'path(arg0)', 'strncmp("a", "b", 1)', 'strcontains("a", "b")', 'unwatch(1)', 'zero(@x)',
  '(int8)', '(uint64)', '(struct task_struct *)', '(struct sock *)', '(int32 *)', '(uint8[4])', '(bool)', 'if', 'else', 'while',
  'unroll(3)', 'break', 'continue', 'return', 'struct', 'struct foo { int a; char b[4]; };', 'enum e { A, B = 5 };',
  '#include <linux/sched.h>', '#define N 4', 'N', 'A', 'TASK_RUNNING', 'AF_INET', '(1, "a")', '.0', '.1', 'NULL',
];

const ATTACH = TOKENS.slice(0, TOKENS.indexOf('{'));
const ATOMS = [
  '0', '1', '-1', '0x10', '1e3', '18446744073709551615', '"s"', '"%d"', 'pid', 'tid', 'comm', 'nsecs', 'retval', 'arg0',
  'arg9', 'sarg0', 'args', 'args->fd', 'args->filename', 'args->ret', 'args->prev_comm', 'curtask', 'func', 'probe', 'kstack',
  'ustack', 'cgroup', 'username', 'cpu', 'ctx', '@x', '@y[1]', '@[tid, comm]', '@s', '$a', '$b', '$1', '$2', '$#', 'N', 'A',
  'TASK_RUNNING', 'AF_INET', 'foo', 'count()', 'sizeof(int32)', 'sizeof(struct task_struct)', 'offsetof(struct task_struct, pid)',
];
const FUNCS = [
  'count', 'sum', 'avg', 'min', 'max', 'stats', 'hist', 'lhist', 'printf', 'print', 'clear', 'delete', 'exit', 'str', 'buf',
  'ksym', 'usym', 'kaddr', 'uaddr', 'ntop', 'pton', 'reg', 'join', 'time', 'strftime', 'system', 'cat', 'signal', 'override',
  'bswap', 'macaddr', 'cgroupid', 'path', 'strncmp', 'strcontains', 'zero', 'kptr', 'uptr', 'strerror', 'skboutput', 'nope',
];
const BINOPS = ['+', '-', '*', '/', '%', '&', '|', '^', '<<', '>>', '<', '<=', '>', '>=', '==', '!=', '&&', '||'];
const CASTS = ['(int8)', '(uint64)', '(struct task_struct *)', '(struct sock *)', '(int32 *)', '(uint8[4])', '(bool)', '(struct foo *)'];
const FIELDS = ['pid', 'comm', 'mm', 'real_parent', 'sk_family', 'a', 'b', '0', '1', 'nope'];

/** Well-formed programs (headers, probes, statements, expressions) so most reach the checker. */
export function structured(): fc.Arbitrary<string> {
  const { expr } = fc.letrec<{ expr: string }>((tie) => {
    const e = tie('expr');
    return {
      expr: fc.oneof(
        { maxDepth: 3, depthSize: 'small', withCrossShrink: true },
        fc.constantFrom(...ATOMS),
        fc.tuple(e, fc.constantFrom(...BINOPS), e).map(([a, o, b]) => `${a} ${o} ${b}`),
        fc.tuple(fc.constantFrom('!', '-', '~', '*', '&'), e).map(([o, a]) => `${o}${a}`),
        fc.tuple(fc.constantFrom(...CASTS), e).map(([c, a]) => `${c}${a}`),
        fc.tuple(e, fc.constantFrom('.', '->'), fc.constantFrom(...FIELDS)).map(([a, o, f]) => `${a}${o}${f}`),
        fc.tuple(e, e).map(([a, i]) => `${a}[${i}]`),
        fc.tuple(e, e, e).map(([c, a, b]) => `${c} ? ${a} : ${b}`),
        fc.tuple(e, e).map(([a, b]) => `(${a}, ${b})`),
        fc.tuple(fc.constantFrom(...FUNCS), fc.array(e, { maxLength: 3 })).map(([f, as]) => `${f}(${as.join(', ')})`),
      ),
    };
  });
  const stmt: fc.Arbitrary<string> = fc.oneof(
    fc.tuple(fc.constantFrom('@x', '@y[1]', '@[tid, comm]', '@s[$a]', '$a', '$b'), fc.constantFrom('=', '+=', '<<=', '|='), expr)
      .map(([l, o, r]) => `${l} ${o} ${r};`),
    expr.map((x) => `${x};`),
    fc.constantFrom('@x++;', '--$a;', 'exit();', 'break;', 'return;', 'print(@x);', 'clear(@y);'),
    fc.tuple(expr, expr).map(([c, x]) => `if (${c}) { ${x}; } else { @x = 1; }`),
    fc.tuple(expr, expr).map(([c, x]) => `while (${c}) { ${x}; break; }`),
    expr.map((x) => `unroll(2) { ${x}; }`),
  );
  const probe = fc
    .tuple(fc.array(fc.constantFrom(...ATTACH), { minLength: 1, maxLength: 2 }), fc.option(expr), fc.array(stmt, { maxLength: 3 }))
    .map(([aps, pred, body]) => `${aps.join(',')}${pred === null ? '' : ` /${pred}/`} {\n  ${body.join('\n  ')}\n}`);
  const header = fc.constantFrom('#include <linux/sched.h>', '#define N 4', 'struct foo { int a; char b[4]; };', 'enum e { A, B = 5 };');
  return fc
    .tuple(fc.subarray(['x'], { maxLength: 1 }).chain(() => fc.array(header, { maxLength: 3 })), fc.array(probe, { minLength: 1, maxLength: 3 }))
    .map(([hs, ps]) => [...hs, ...ps].join('\n'));
}

/** 1-40 tokens, joined with spaces or newlines. */
export function tokenSoup(): fc.Arbitrary<string> {
  return fc
    .array(fc.tuple(fc.constantFrom(...TOKENS), fc.constantFrom(' ', ' ', '', '\n')), { minLength: 1, maxLength: 40 })
    .map((parts) => parts.map(([t, sep]) => t + sep).join(''));
}

// Offsets where a probe (or a header line) starts.
const PROBE_START = /^[A-Za-z]+:[^\n]*$|^BEGIN|^END|^#|^struct /gm;

/** A 100-400 character window of a seed, starting where a probe starts. */
export function windowsOf(seeds: readonly string[]): fc.Arbitrary<string> {
  const starts = seeds.map((s) => [...s.matchAll(PROBE_START)].map((m) => m.index!));
  return fc.tuple(fc.nat(seeds.length - 1), fc.nat(), fc.integer({ min: 100, max: 400 })).map(([i, n, len]) => {
    const s = seeds[i]!;
    const at = starts[i]!.length ? starts[i]![n % starts[i]!.length]! : 0;
    return s.slice(at, at + len);
  });
}

export interface Chunks {
  headers: string[];
  probes: string[];
}

/** Split scripts into top-level pieces: header lines/definitions and whole probes. */
export function chunks(seeds: readonly string[]): Chunks {
  const headers: string[] = [];
  const probes: string[] = [];
  for (const s of seeds) {
    for (const m of s.matchAll(/^(#[^\n]*|struct [^{]*\{[^}]*\};?)/gm)) headers.push(m[0]);
    for (const m of s.matchAll(/^[A-Za-z]+[:A-Za-z_0-9*/.,\s-]*$/gm)) {
      // From an attach-point line to the brace that closes its body.
      let depth = 0;
      let end = -1;
      for (let i = s.indexOf('{', m.index!); i >= 0 && i < s.length; i++) {
        if (s[i] === '{') depth++;
        else if (s[i] === '}' && --depth === 0) {
          end = i + 1;
          break;
        }
      }
      if (end > 0) probes.push(s.slice(m.index!, end));
    }
  }
  return { headers, probes };
}

/** Headers and 1-3 probes from different scripts; sometimes one probe's attach points on another's body. */
export function spliced({ headers, probes }: Chunks): fc.Arbitrary<string> {
  const probe = fc.oneof(
    fc.constantFrom(...probes),
    fc.tuple(fc.constantFrom(...probes), fc.constantFrom(...probes)).map(([a, b]) => {
      const head = a.slice(0, a.search(/[{/]/));
      return head + b.slice(b.search(/[{/]/));
    }),
  );
  return fc
    .tuple(fc.subarray(headers, { maxLength: 4 }), fc.array(probe, { minLength: 1, maxLength: 3 }))
    .map(([hs, ps]) => [...hs, ...ps].join('\n'));
}

// Edits: insert, delete or replace a character or a token (biased to punctuation).
const PIECES = [...'{}()[]/;:,"\\$@#*+-=<>!~&|^%?.\n \tax0_', 'struct ', 'if', '->', '/*', '*/', '//', '(int8)', '@x', '$a', 'pid', '"s"', '1'];
const edit = fc.tuple(fc.nat(), fc.constantFrom('insert', 'delete', 'replace', 'cut'), fc.constantFrom(...PIECES), fc.nat(20));

/** A function applying 0 (if minEdits is 0) to 4 random edits to a string. */
export function mutate(minEdits = 1): fc.Arbitrary<(s: string) => string> {
  return fc.array(edit, { minLength: minEdits, maxLength: 4 }).map((edits) => (src: string) => {
    let s = src;
    for (const [n, op, c, len] of edits) {
      const i = s.length ? n % (s.length + 1) : 0;
      if (op === 'insert') s = s.slice(0, i) + c + s.slice(i);
      else if (op === 'delete') s = s.slice(0, i) + s.slice(i + 1);
      else if (op === 'replace') s = s.slice(0, i) + c + s.slice(i + 1);
      else s = s.slice(0, i) + s.slice(i + len); // cut a short run
    }
    return s;
  });
}
