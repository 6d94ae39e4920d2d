// bpftrace's spelling of a type in `-d ast`: `type[unsigned int64, ctx: 0]`.
import type { SizedType } from './types.js';
import { run, sub, type Step } from './steps.js';

export function typeText(t: SizedType): string {
  // Pointer and tuple types nest as deep as the script does: walked as steps, not recursion.
  return run(textS(t));
}

function* textS(t: SizedType): Step<string> {
  switch (t.tag) {
    case 'none':
      return 'none';
    case 'int':
      return `${t.signed ? '' : 'unsigned '}int${t.bits}`;
    case 'string':
      return `string[${t.size}]`;
    case 'pointer':
      return `${yield* sub(textS(t.to))} *`;
    case 'record':
      return t.name;
    case 'array':
      return `${yield* sub(textS(t.elem))}[${t.count}]`;
    case 'tuple': {
      const parts: string[] = [];
      for (const e of t.elems) parts.push(yield* sub(textS(e)));
      return `(${parts.join(',')})`;
    }
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
