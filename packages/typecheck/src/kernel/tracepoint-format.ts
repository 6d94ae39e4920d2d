// Parses tracefs format files (/sys/kernel/tracing/events/CAT/EVENT/format):
//
//   name: sys_enter_openat
//   ID: 782
//   format:
//   	field:unsigned short common_type;	offset:0;	size:2;	signed:0;
//   	field:const char * filename;	offset:24;	size:8;	signed:0;
//   	field:__data_loc char[] name;	offset:8;	size:4;	signed:0;
//   print fmt: "..."
//
// Total: a line it cannot read is skipped, never thrown on.

import type { TracepointField, TracepointFormat } from './kernel-info.js';
import { cElemTypeFromText, cTypeFromText, type TypedefResolver } from './c-type-text.js';

export interface TracepointFormatOptions {
  /** Resolves typedef names the built-in table does not know (e.g. from BTF). */
  typedef?: TypedefResolver;
}

const FIELD_LINE = /^\s*field:(.*?);\s*offset:(\d+);\s*size:(\d+);\s*(?:signed:(\d+);)?/;

export function parseTracepointFormat(
  text: string, category: string, event: string, options: TracepointFormatOptions = {},
): TracepointFormat {
  const fields: TracepointField[] = [];
  let id: number | undefined;
  for (const line of text.split('\n')) {
    const idMatch = /^ID:\s*(\d+)/.exec(line);
    if (idMatch) { id = Number(idMatch[1]); continue; }
    const m = FIELD_LINE.exec(line);
    if (!m) continue;
    const field = parseFieldDecl(m[1]!, Number(m[2]), Number(m[3]), m[4] === '1', options.typedef);
    if (field) fields.push(field);
  }
  return id === undefined ? { category, event, fields } : { category, event, fields, id };
}

/** One "TYPE NAME" / "TYPE NAME[N]" / "__data_loc TYPE[] NAME" declaration. */
export function parseFieldDecl(
  decl: string, offset: number, size: number, signed: boolean, typedef?: TypedefResolver,
): TracepointField | undefined {
  decl = decl.trim();
  // Dynamic arrays: the slot holds a u32, (len << 16 | offset), relative to the record
  // start (__data_loc) or to the end of the field (__rel_loc).
  const loc = /^(__data_loc|__rel_loc)\s+(.*?)\s*(\[\s*\])?\s+([A-Za-z_]\w*)$/.exec(decl);
  if (loc) {
    const [, marker, elemText, brackets, name] = loc;
    const elem = cElemTypeFromText(elemText!, undefined, typedef);
    const field: TracepointField = {
      name: name!, typeText: `${marker} ${elemText}${brackets ? '[]' : ''}`,
      type: { kind: 'array', elem, count: 0 }, offset, size, signed,
    };
    if (marker === '__data_loc') field.dataLoc = true; else field.relLoc = true;
    return field;
  }
  const arr = /^(.*?)\s*\b([A-Za-z_]\w*)\s*((?:\[\s*\w*\s*\])+)$/.exec(decl);
  if (arr) {
    const [, elemText, name, dimsText] = arr;
    const dims = [...dimsText!.matchAll(/\[\s*(\w*)\s*\]/g)].map((d) => (d[1] ? Number(d[1]) : 0));
    if (dims.some((d) => Number.isNaN(d))) return undefined;
    const total = dims.reduce((a, b) => a * b, 1);
    const elem = cElemTypeFromText(elemText!, total > 0 ? size / total : undefined, typedef);
    // Innermost dimension last: int a[2][3] is an array of 2 arrays of 3.
    let type = elem;
    for (let i = dims.length - 1; i >= 0; i--) type = { kind: 'array', elem: type, count: dims[i]! };
    return { name: name!, typeText: `${elemText}${dimsText!.replace(/\s+/g, '')}`, type, offset, size, signed };
  }
  const plain = /^(.*?)\s*\b([A-Za-z_]\w*)$/.exec(decl);
  if (!plain || !plain[1]) return undefined;
  const typeText = plain[1].trim();
  return { name: plain[2]!, typeText, type: cTypeFromText(typeText, size, signed, typedef), offset, size, signed };
}
