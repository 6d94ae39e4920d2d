// Blank out `//` and `/* */` comments (outside strings) with spaces, keeping newlines,
// so offsets, lines and columns are unchanged. Used where text must keep the source's
// offsets (syntax-error recovery, `-  1` literals); matching uses compact.ts instead.
// An unterminated `/*` is left for the grammar to reject (the error lexer then
// reports "end of file during comment").
export function blankComments(src: string): string {
  if (!src.includes('/')) return src;
  let out = '';
  let i = 0;
  let last = 0;
  while (i < src.length) {
    const c = src[i]!;
    if (c === '"') {
      // Skip a string literal; it ends at its quote or at the end of the line.
      i++;
      while (i < src.length && src[i] !== '"' && src[i] !== '\n') i += src[i] === '\\' ? 2 : 1;
      i++;
    } else if (c === '/' && src[i + 1] === '/') {
      let j = i;
      while (j < src.length && src[j] !== '\n') j++;
      out += src.slice(last, i) + ' '.repeat(j - i);
      i = last = j;
    } else if (c === '/' && src[i + 1] === '*') {
      const close = src.indexOf('*/', i + 2);
      if (close < 0) break;
      const j = close + 2;
      out += src.slice(last, i) + src.slice(i, j).replace(/[^\n]/g, ' ');
      i = last = j;
    } else i++;
  }
  return out + src.slice(last);
}
