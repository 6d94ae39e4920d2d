// Deeply nested and very large generated scripts, for the depth and size tests of the
// frontend (deep-and-large.test.ts) and the property test.
import fc from 'fast-check';

/** Each way of nesting, as a script with `n` levels of it (checks and compiles at any depth). */
export const NESTINGS: Record<string, (n: number) => string> = {
  parentheses: (n) => `BEGIN { @x = ${'('.repeat(n)}1${')'.repeat(n)}; }`,
  sizeof: (n) => `BEGIN { @x = ${'sizeof('.repeat(n)}1${')'.repeat(n)}; }`,
  'if blocks': (n) => `BEGIN { ${'if (1) { '.repeat(n)}@x = 1; ${'} '.repeat(n)}}`,
  'else if chain': (n) => `BEGIN { if (pid == 0) { @x = 0; } ${Array.from({ length: n }, (_, i) => `else if (pid == ${i + 1}) { @x = ${i}; } `).join('')}}`,
  'while blocks': (n) => `BEGIN { $i = 0; ${'while ($i < 1) { '.repeat(n)}$i++; ${'} '.repeat(n)}}`,
  'ternary chain': (n) => `BEGIN { @x = ${'pid == 1 ? 2 : '.repeat(n)}3; }`,
  'ternary middle': (n) => `BEGIN { @x = ${'pid ? '.repeat(n)}3${' : 2'.repeat(n)}; }`,
  'unary minus': (n) => `BEGIN { @x = ${'- '.repeat(n)}pid; }`,
  'logical not': (n) => `BEGIN { @x = ${'!'.repeat(n)}pid; }`,
  casts: (n) => `BEGIN { @x = ${'(uint32)'.repeat(n)}pid; }`,
  'field chain': (n) => `BEGIN { @x = curtask${'->parent'.repeat(n)}->pid; }`,
  'map keys': (n) => `BEGIN { @a[1] = 1; @x = ${'@a['.repeat(n)}1${']'.repeat(n)}; }`,
  'calls in a predicate': (n) => `BEGIN /${'bswap('.repeat(n)}pid${')'.repeat(n)} != 1/ { @x = 1; }`,
  calls: (n) => `BEGIN { @x = ${'bswap('.repeat(n)}pid${')'.repeat(n)}; }`,
  // int8 members keep the tuple within the BPF stack (one byte a level), so only depth is tested.
  tuples: (n) => `BEGIN { @x = ${'((int8)1, '.repeat(n)}(int8)1${')'.repeat(n)}; }`,
  'unroll blocks': (n) => `BEGIN { ${'unroll(1) { '.repeat(n)}@x = 1; ${'} '.repeat(n)}}`,
  // A pointer type n deep (the cast), then n index reads or n dereferences of it.
  'index chain': (n) => `BEGIN { @x = ((uint8${'*'.repeat(n)})0)${'[0]'.repeat(n)}; }`,
  'dereference chain': (n) => `BEGIN { @x = ${'*'.repeat(n)}(uint8${'*'.repeat(n)})0; }`,
  'binary chain': (n) => `BEGIN { @x = 1${' + 1'.repeat(n)}; }`,
  'mixed operators': (n) => `BEGIN { @x = 1${Array.from({ length: n }, (_, i) => [' + 1', ' * 2', ' - 3', ' | 4', ' && 1', ' << 1'][i % 6]).join('')}; }`,
};

/** Nestings that llc itself takes tens of seconds to compile at 5,000 levels. */
export const SLOW_LLC = new Set(['while blocks', 'field chain', 'index chain', 'dereference chain']);

/** One probe with `n` statements. */
export function manyStatements(n: number): string {
  let s = 'BEGIN {\n';
  for (let i = 0; i < n; i++) s += `  @x${i % 10}[${i}] = ${i} + 1;\n`;
  return s + '}\n';
}

/** `n` statements spread over probes of ten. */
export function manyProbes(n: number): string {
  let s = '';
  for (let p = 0; p < n / 10; p++) {
    s += `interval:s:${p + 1} {\n`;
    for (let i = 0; i < 10; i++) s += `  @x${i}[${p}] = ${i} + 1;\n`;
    s += '}\n';
  }
  return s;
}

/** Random nesting: a stack of wrappers around an operand, up to `max` deep (`- ` with its space: `--` is a decrement). */
export function deepExpr(max: number): fc.Arbitrary<string> {
  const wrap = fc.constantFrom<[string, string]>(
    ['(', ')'], ['sizeof(', ')'], ['- ', ''], ['!', ''], ['(uint64)', ''], ['bswap(', ')'], ['pid ? ', ' : 1'],
    ['1 ? 2 : ', ''], ['(1, ', ')'], ['@a[', ']'], ['1 + ', ''], ['', ' * 2'], ['', '->parent'], ['~', ''],
  );
  return fc.array(wrap, { maxLength: max, size: 'max' }).chain((ws) =>
    fc.constantFrom('1', 'pid', 'curtask', '"s"', '$x').map((leaf) => {
      let open = '';
      let close = '';
      for (const [l, r] of ws) {
        open += l;
        close = r + close;
      }
      return open + leaf + close;
    }),
  );
}

/** Random block nesting with a statement at each level. */
export function deepBlocks(max: number): fc.Arbitrary<string> {
  const level = fc.constantFrom('if (pid) {', 'while ($i < 1) {', 'if (1) { } else {', 'if (1) { } else if (2) {', 'unroll(2) {');
  return fc.array(level, { maxLength: max, size: 'max' }).map((ls) => {
    let s = 'BEGIN { $i = 0; ';
    for (const l of ls) s += `${l} @x = 1; `;
    return `${s}${'} '.repeat(ls.length)}}`;
  });
}
