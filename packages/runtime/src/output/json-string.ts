// JSON string quoting as bpftrace 0.17 writes it. It escapes byte by byte through a signed
// char, so every byte >= 0x80 comes out as \uffffffXX; we reproduce that.

const utf8 = new TextEncoder();

export function jsonString(s: string): string {
  let out = '"';
  for (const c of utf8.encode(s)) {
    switch (c) {
      case 0x22: out += '\\"'; break;
      case 0x5c: out += '\\\\'; break;
      case 0x08: out += '\\b'; break;
      case 0x0c: out += '\\f'; break;
      case 0x0a: out += '\\n'; break;
      case 0x0d: out += '\\r'; break;
      case 0x09: out += '\\t'; break;
      default:
        if (c < 0x20) out += `\\u${c.toString(16).padStart(4, '0')}`;
        else if (c >= 0x80) out += `\\uffffff${c.toString(16)}`;
        else out += String.fromCharCode(c);
    }
  }
  return out + '"';
}
