// Splits a -c command line into argv the way a POSIX shell would for simple cases:
// whitespace separates words, 'single' quotes are literal, "double" quotes allow
// \" \\ \$ \` escapes, a backslash outside quotes escapes the next character.
// No expansion, globbing, pipes or redirection: those need `sh -c '...'`.

export type SplitResult = { ok: true; argv: string[] } | { ok: false; message: string };

export function shellSplit(line: string): SplitResult {
  const argv: string[] = [];
  let word = '';
  let inWord = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === ' ' || c === '\t' || c === '\n') {
      if (inWord) { argv.push(word); word = ''; inWord = false; }
      continue;
    }
    inWord = true;
    if (c === "'") {
      const end = line.indexOf("'", i + 1);
      if (end < 0) return { ok: false, message: 'unterminated single quote' };
      word += line.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      let j = i + 1;
      for (; j < line.length && line[j] !== '"'; j++) {
        if (line[j] === '\\' && j + 1 < line.length && '"\\$`'.includes(line[j + 1]!)) j++;
        word += line[j];
      }
      if (j >= line.length) return { ok: false, message: 'unterminated double quote' };
      i = j;
    } else if (c === '\\') {
      if (i + 1 < line.length) word += line[++i];
    } else {
      word += c;
    }
  }
  if (inWord) argv.push(word);
  if (argv.length === 0) return { ok: false, message: 'empty command' };
  return { ok: true, argv };
}
