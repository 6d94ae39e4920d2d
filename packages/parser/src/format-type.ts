// bpftrace's spelling of a type in `-d ast`: `type[unsigned int64, ctx: 0]`.
import type { SizedType } from './types.js';

export function typeText(t: SizedType): string {
  switch (t.tag) {
    case 'none':
      return 'none';
    case 'int':
      return `${t.signed ? '' : 'unsigned '}int${t.bits}`;
    case 'string':
      return `string[${t.size}]`;
    case 'pointer':
      return `${typeText(t.to)} *`;
    case 'record':
      return t.name;
    case 'array':
      return `${typeText(t.elem)}[${t.count}]`;
    case 'tuple':
      return `(${t.elems.map(typeText).join(',')})`;
    case 'agg':
      return t.agg;
    case 'special':
      return t.kind;
  }
}

export function formatTypeBpftrace(t: SizedType): string {
  const ctx = t.tag === 'pointer' && t.ctx ? 1 : 0;
  return `type[${typeText(t)}, ctx: ${ctx}]`;
}
