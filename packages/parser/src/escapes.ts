// String literal escapes, as bpftrace 0.17 reads and prints them.

/** On error, `at` is the offset in `body` just after the bad escape. */
export type UnescapeResult = { value: string } | { error: string; at: number };

/**
 * `body` is the text between the quotes. Accepts \n \t \r \" \\, octal \N..\NNN
 * (at most 0377) and hex \xN..\xNN; anything else is an error worded like bpftrace.
 */
export function unescapeString(body: string): UnescapeResult {
  let out = '';
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const n = body[i + 1] ?? '';
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\' };
    if (n in simple) {
      out += simple[n];
      i++;
      continue;
    }
    const oct = /^[0-7]{1,3}/.exec(body.slice(i + 1));
    if (oct) {
      const v = parseInt(oct[0], 8);
      if (v > 0xff) return { error: `octal escape sequence out of range '\\${oct[0]}'`, at: i + 1 + oct[0].length };
      out += String.fromCharCode(v);
      i += oct[0].length;
      continue;
    }
    const hex = n === 'x' ? /^[0-9a-fA-F]{1,2}/.exec(body.slice(i + 2)) : null;
    if (hex) {
      out += String.fromCharCode(parseInt(hex[0], 16));
      i += 1 + hex[0].length;
      continue;
    }
    return { error: `invalid escape character '\\${n}'`, at: i + 2 };
  }
  return { value: out };
}

/** How `-d ast` prints a string value: C escapes, non-printable bytes as \xNN (UTF-8). */
export function escapeForPrint(value: string): string {
  const named: Record<string, string> = { '\n': '\\n', '\t': '\\t', '\r': '\\r', '"': '\\"', '\\': '\\\\' };
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0)!;
    if (named[ch]) out += named[ch];
    else if (code >= 0x20 && code < 0x7f) out += ch;
    else if (code < 0x100 && ch.length === 1 && code < 0x80) out += '\\x' + code.toString(16).padStart(2, '0');
    else for (const b of new TextEncoder().encode(ch)) out += '\\x' + b.toString(16).padStart(2, '0');
  }
  return out;
}
