// Split an attach point as written into provider and parts, on ':' outside quotes.
// `uprobe:"/a b":f` -> provider "uprobe", parts ["/a b", "f"].

export function splitAttachPoint(raw: string): { provider: string; parts: string[] } {
  const pieces: string[] = [];
  let cur = '';
  let quoted = false;
  let escaped = false;
  for (const ch of raw) {
    // Inside quotes a backslash escapes the next character (`test:"\"probe1\""` names `"probe1"`).
    if (escaped) { cur += ch; escaped = false; }
    else if (ch === '\\' && quoted) escaped = true;
    else if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) {
      pieces.push(cur);
      cur = '';
    } else cur += ch;
  }
  pieces.push(cur);
  return { provider: pieces[0]!, parts: pieces.slice(1) };
}
