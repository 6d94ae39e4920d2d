// Split an attach point as written into provider and parts, on ':' outside quotes.
// `uprobe:"/a b":f` -> provider "uprobe", parts ["/a b", "f"].

export function splitAttachPoint(raw: string): { provider: string; parts: string[] } {
  const pieces: string[] = [];
  let cur = '';
  let quoted = false;
  for (const ch of raw) {
    if (ch === '"') quoted = !quoted;
    else if (ch === ':' && !quoted) {
      pieces.push(cur);
      cur = '';
    } else cur += ch;
  }
  pieces.push(cur);
  return { provider: pieces[0]!, parts: pieces.slice(1) };
}
