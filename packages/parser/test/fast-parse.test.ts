// The fast path (src/fast-parse.ts) must change nothing: parse() with it gives exactly what
// parse() gives with ohm alone (AST with key order, ranges, diagnostics), on the fixtures,
// the tools, big generated scripts (matched in pieces) and random and mutated programs.
// And it must really be taken where it is meant to be, or the speed it exists for is gone.
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { parse, setFastPath } from '../src/parse.js';
import { fastParse } from '../src/fast-parse.js';
import { compact } from '../src/compact.js';
import { LineMap } from '../src/positions.js';
import astCases from './fixtures/ast-cases.json';
import syntaxErrorCases from './fixtures/syntax-error-cases.json';
import { readTool, toolNames } from '../../../test/support/debian-tools.js';
import { SHAPES } from '../../../test/support/big-scripts.mjs';
import { chunks, mutate, spliced, structured, tokenSoup } from '../../../test/property/generators.js';

const SCALE = Number(process.env['PARSER_FUZZ_SCALE'] ?? 1);
const runs = (n: number) => Math.max(10, Math.round(n * SCALE));

/** parse() as JSON, key order included (bigints written out). */
function parsed(src: string, fast: boolean): string {
  setFastPath(fast);
  try {
    return JSON.stringify(parse(src), (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v));
  } finally {
    setFastPath(true);
  }
}

function expectSame(src: string): void {
  expect(parsed(src, true), src.slice(0, 200)).toBe(parsed(src, false));
}

/** True when the fast path takes the whole script (no ohm at all). */
function fastTakes(src: string): boolean {
  const { text, toSource } = compact(src);
  return fastParse(text, 'Program', { lines: new LineMap(src), toSource }) !== undefined;
}

const tools = toolNames.map(readTool);

afterEach(() => setFastPath(true));

describe('fast path gives what ohm gives', () => {
  it('on the AST and syntax-error fixtures', () => {
    for (const src of [...astCases, ...syntaxErrorCases] as string[]) expectSame(src);
  });

  it('on the installed tools', () => {
    for (const src of tools) expectSame(src);
  });

  it('where a probe is too long for ohm to re-match, it still says what is expected', () => {
    // The `expecting ...` tail of a syntax error comes from re-matching the probe with a token
    // inserted; past 64 KB only the fast path can answer.
    const src = SHAPES.unclosed.script(5000);
    expect(parse(src).diagnostics.map((d) => d.message)).toEqual(['syntax error, unexpected end of file, expecting }']);
  });

  it('on big generated scripts, matched in pieces, and on them with an error', () => {
    for (const shape of Object.values(SHAPES)) {
      const src = shape.script(600);
      expectSame(src);
      // A syntax error and a bad literal in the middle: ohm's diagnostics, whatever the path.
      const mid = src.indexOf(';', src.length >> 1) + 1;
      expectSame(`${src.slice(0, mid)} $x = ; ${src.slice(mid)}`);
      expectSame(`${src.slice(0, mid)} $x = 99999999999999999999999; @s = "\\q"; ${src.slice(mid)}`);
      // Unbalanced brackets: not cut into pieces; the error is found on a shortened text.
      expectSame(src.slice(0, src.lastIndexOf('}')));
      expectSame(`${src.slice(0, mid)} $x = (1; ${src.slice(mid)}`);
      expectSame(`${src.slice(0, mid)} if (1) { $x = 1; ${src.slice(mid)}`);
      expectSame(`${src.slice(0, mid)} if (1) { $x = 1; } else { f(} ${src.slice(mid)}`);
      expectSame(`${src.slice(0, mid)} } ${src.slice(mid)}`);
    }
  });

  it('on constructs near its edges, which it takes', () => {
    const valid = [
      'BEGIN { $x = (int8)-1; $y = (struct task_struct *)curtask; $z = (uint8 *) * $p; $w = (a * b); }',
      'BEGIN { @a = - 1; @b = - -1; @c = -$x; @d = --$x; @e = $x--; @f = @m[1]++; @g = ++ @m[2]; }',
      'BEGIN { @ = sizeof(int32); @ = sizeof(x); @ = sizeof($x); @ = sizeof(struct s *); @ = sizeof(x * 2); }',
      'BEGIN { $t = (1, "a", (2, 3)); $u = $t.1.0; $v = curtask->mm->owner; $w = $a[1][2]; }',
      'BEGIN { if ($x) { } else if ($y) { @ = 1 } else if ($z) { } else { return } }',
      'BEGIN { @x = 1 ? 2 : 3 ? 4 : 5; @y = $a << 2 >> 1 <= 3 && !$b || ~$c ^ 1 & 2 | 3 % 4 / 5 * 6 - 7 + 8; }',
      'BEGIN { $a <<= 1; $a >>= 1; $a += 1; $a -= 1; $a *= 1; $a /= 1; $a %= 1; $a &= 1; $a |= 1; $a ^= 1; @ = $a == 1; }',
      'BEGIN { @ = 0x1fULL; @ = 017; @ = 1_000e3; @ = 10lu; @ = 0; @ = 0Xa; @ = 7Ul; }',
      'BEGIN { printf("%s \\" \\n \\x41 \\101", "a\\\\b"); }',
      'kprobe:f,kprobe:g, { @ = 1 } uprobe:/bin/bash:readline /pid == 1/ { } software:cpu-clock: { } t:a:b* , { }',
      'uprobe:./x:f { } uprobe:../x:f { } kprobe:f+0x10 { } uprobe:"/a b":f { } usdt:/x:p:q { }',
      'uprobe:"/x":"f" { } usdt:"/a b":p:"q" { } uprobe:/a/"b c"/d:f { }',
      'i:s:1 { $x = $1 + $# + $12; @[probe, func] = count(); print(@, 3); kstack (perf, 3); }',
      'BEGIN { unroll(2) { break; continue } while ($i < 3) { $i++ } @ = $x / 2 / 3; }',
      'kprobe:f / $x / 2 / { }',
      '  \n BEGIN { } \n\n END { } \n ',
      '#include <x>\n  #define Y 2 // two\nBEGIN { }',
      'BEGIN { @ = (uint8[4_0])$x; @ = sizeof(uint8[1e1]); @ = (uint8[ 3 ]) $x; }',
      'BEGIN { @ = offsetof(struct s, a.b.0); @ = offsetof(struct s *, a); @ = offsetof(int8, x); }',
      'BEGIN { iffy(); $w = whiles; returnx; return; }',
    ];
    for (const src of valid) {
      expectSame(src);
      expect(fastTakes(src), src).toBe(true);
    }
  });

  it('on errors near its edges, which ohm reports', () => {
    const invalid = [
      'BEGIN { @ = "unterminated }',
      'BEGIN { @ = 08; }',
      'BEGIN { @ = (int8[0x4])$x; @ = (uint8[08])$x; }',
      'kprobe:"unterminated { }',
      'BEGIN { @ = offsetof(struct s, a.); }',
      'BEGIN { @ = offsetof(x, a); }',
      'struct s { int a; }; BEGIN { @ = offsetof(struct s, a); @ = (uint8[4])$x; }',
      'BEGIN { @ = 1 } junk',
      'BEGIN { if (1) { } else }',
      'BEGIN { $x = (int8) }',
      'BEGIN { f(1,) }',
      'BEGIN { @x[] = 1; @y[1,] = 1; $a.; $b-> ; }',
      'BEGIN { $a = 1; if ($a) { $b = 2; } else { $c = (3; } }',
      'BEGIN { $a = 1; if ($a) { $b = 2; } $d = 4; if ($a) { $c = 3; }',
      'BEGIN { $a = 1; } END { $b = 2; } i:s:1 { $c = 3; if (1) { $d = 4; $e = 5 }',
      'BEGIN { $a = 1; } END { $b = 2; } i:s:1 { $c = 3; while (1) { $d = 4; ) }',
      '#define X 1\nBEGIN { $a = 1; } END { $b = 2; $c = [; }',
      'BEGIN { $a = 1; if ($a) { $b = 2; } else { $c = 3; } else { }',
      'BEGIN { $a = 1; unroll(2) { $b = 2; } } } END { }',
    ];
    for (const src of invalid) expectSame(src);
  });

  it('on random and mutated programs', () => {
    const seeds = tools.length ? tools : (astCases as string[]);
    const src = fc.oneof(
      structured(),
      tokenSoup(),
      fc.tuple(structured(), mutate(0)).map(([p, m]) => m(p)),
      fc.tuple(spliced(chunks(seeds)), mutate(0)).map(([s, m]) => m(s)),
    );
    fc.assert(fc.property(src, expectSame), { numRuns: runs(3000) });
  });
});

describe('fast path is taken', () => {
  it('for every generated shape and plain statements', () => {
    for (const shape of Object.values(SHAPES)) expect(fastTakes(shape.script(200))).toBe(!shape.syntaxError);
    expect(fastTakes('kprobe:f /pid == 1/ { @x[tid, comm] = count(); $y = (int8)arg0; if ($y > 1) { printf("%d\\n", $y); } else { @z = curtask->pid; } }')).toBe(true);
  });

  it('for most installed tools', () => {
    // Tools with C definitions go to ohm.
    const plain = tools.filter((t) => !/^(struct|union|enum) /m.test(t));
    expect(plain.length).toBeGreaterThan(tools.length / 2);
    expect(plain.filter((t) => !fastTakes(t)).map((t) => t.slice(0, 60))).toEqual([]);
  });
});
