// compact(): the text the grammar matches, and its map back to source offsets.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compact } from '../src/compact.js';
import { parse } from '../src/index.js';

describe('compact', () => {
  it('removes comments and shortens blank runs, keeping line ends and strings', () => {
    expect(compact('BEGIN   {\n\n  @x = 1; // c\n}').text).toBe('BEGIN {\n@x = 1; \n}');
    expect(compact('#define A 1 /* c\n */\nBEGIN {}').text).toBe('#define A 1 \nBEGIN {}');
    expect(compact('BEGIN { @s = "a   // b"; }').text).toBe('BEGIN { @s = "a   // b"; }');
    expect(compact('BEGIN { /* open').text).toBe('BEGIN { /* open');
  });

  const src = fc.array(fc.constantFrom('a', '"', '\\', '/', '*', ' ', '  ', '\n', '\t', '//', '/*', '*/', '{', '}'), { maxLength: 40 }).map((p) => p.join(''));
  it('maps every kept character back to itself, monotonically, ends to ends', () => {
    fc.assert(fc.property(src, (s) => {
      const { text, toSource } = compact(s);
      expect(toSource(0)).toBe(0);
      expect(toSource(text.length)).toBe(s.length);
      for (let i = 0; i < text.length; i++) {
        expect(toSource(i + 1)).toBeGreaterThan(toSource(i));
        if (text.charCodeAt(i) > 32) expect(s[toSource(i)]).toBe(text[i]);
      }
    }), { numRuns: 2000 });
  });

  it('ranges point into the source as written', () => {
    const s = '/* header\n   comment */\nBEGIN   {\n\t@x   =   1;   // c\n    printf("%d\\n",   @x);\n}\n';
    const body = parse(s).ast!.probes[0]!.body;
    const text = (r: { start: { offset: number }; end: { offset: number } }) => s.slice(r.start.offset, r.end.offset);
    expect(body.map((st) => text(st.range))).toEqual(['@x   =   1', 'printf("%d\\n",   @x)']);
    expect(body[1]!.range.start).toEqual({ line: 5, column: 5, offset: s.indexOf('printf') });
  });
});
