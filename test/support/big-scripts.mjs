// Generated scripts of ~100,000 statements in several shapes, for the scale test
// (packages/typecheck/test/scale.test.ts: results are right) and the lint-scale
// benchmark (scripts/bench/lint-scale.mjs: how long and how much memory). Plain JS so
// that both vitest and the bench (plain node) import it.

/** Statements per generated script. */
export const STATEMENTS = 100_000;

const lines = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('\n');

/**
 * Each shape: its script for `n` statements, and what a lint of it must report
 * (`errors`, `warnings`: counts; `probes`: probes in the AST; `statements`: statements in
 * the AST, those inside blocks counted too; or `syntaxError`: the message of its one error).
 */
export const SHAPES = {
  // The issue's script: 100 maps, each assigned 1,000 times.
  maps: {
    script: (n) => `BEGIN {\n${lines(n, (i) => `  @a${i % 100}[${i}] = count();`)}\n}\n`,
    errors: 0, warnings: 0, probes: () => 1, statements: (n) => n,
  },
  printf: {
    script: (n) => `BEGIN {\n${lines(n, (i) => `  printf("%d %s %x\\n", ${i}, comm, pid);`)}\n}\n`,
    errors: 0, warnings: 0, probes: () => 1, statements: (n) => n,
  },
  assign: {
    script: (n) => `BEGIN {\n  $x = 0;\n${lines(n - 1, () => '  $x = $x + 1;')}\n  @ = $x;\n}\n`,
    errors: 0, warnings: 0, probes: () => 1, statements: (n) => n + 1,
  },
  // An if-block counts as two statements (the if and the one inside it).
  ifs: {
    script: (n) => `BEGIN {\n  $x = 0;\n${lines(n / 2, (i) => `  if ($x < ${i}) { $x = $x + ${i % 7}; }`)}\n  @ = $x;\n}\n`,
    errors: 0, warnings: 0, probes: () => 1, statements: (n) => n + 2,
  },
  probes: {
    script: (n) => `${lines(n, (i) => `interval:ms:${1 + (i % 1000)} { @c${i % 50} = count(); }`)}\n`,
    errors: 0, warnings: 0, probes: (n) => n, statements: (n) => n,
  },
  // About 1 MB of mixed statements across 200 probes; every 1,000th statement is a type error
  // (a map given a string after an integer) so diagnostics are built and placed too.
  mixed: {
    script: (n) => {
      const per = n / 200;
      const kinds = [
        (i) => `@m${i % 10}[tid] = count();`,
        (i) => `$v = ${i} * 3 + (pid & 0xff);`,
        (i) => `if ($v > ${i}) { @hits[comm] = sum($v); } else { @miss = count(); }`,
        (i) => `printf("%d %s\\n", $v + ${i}, comm);`,
        (i) => `@lat${i % 4} = hist($v);`,
        (i) => `$s = comm; @names[$s, ${i % 16}] = max($v);`,
        (i) => `@t[${i % 97}] = (${i}, "x${i % 3}");`,
        (i) => `unroll(2) { $v = $v << 1; }`,
      ];
      const probes = [];
      for (let p = 0; p < 200; p++) {
        const body = [];
        for (let j = 0; j < per; j++) {
          const i = p * per + j;
          body.push(i % 1000 === 999 ? `@bad${p} = 1; @bad${p} = "s";` : kinds[i % kinds.length](i));
        }
        probes.push(`interval:ms:${p + 1}\n{\n  $v = 0;\n  ${body.join('\n  ')}\n}`);
      }
      return `${probes.join('\n\n')}\n`;
    },
    errors: (n) => n / 1000, warnings: 0, probes: () => 200,
    // Per kind as above (an if/else is 3, two statements on a line 2), a bad line is 2, and each probe's `$v = 0;`.
    statements: (n) => {
      const per = [1, 1, 3, 1, 1, 2, 1, 2];
      let count = 200;
      for (let i = 0; i < n; i++) count += i % 1000 === 999 ? 2 : per[i % per.length];
      return count;
    },
  },
  // The maps script without its last `}`: a syntax error, in brackets that do not balance
  // (such a script is not cut into pieces; the error is found on a shortened text).
  unclosed: {
    script: (n) => SHAPES.maps.script(n).trimEnd().slice(0, -1),
    errors: 1, warnings: 0, syntaxError: 'syntax error, unexpected end of file, expecting }',
  },
};

/** The expected count of a shape's field (a number, or a function of the statement count). */
export const expected = (v, n) => (typeof v === 'function' ? v(n) : v);
