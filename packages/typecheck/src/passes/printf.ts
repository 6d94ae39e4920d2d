// printf/system/cat format strings: counts the conversions and checks each
// argument's kind against its specifier, as bpftrace 0.17 words it.
import type { Expr, SizedType, SourceRange } from '@bpftrace-ts/parser';
import type { Context } from './context.js';
import { kindName } from '../sized.js';

export interface FormatSpec {
  /** The conversion character: d i u x X o c s p ... */
  conv: string;
  /** Full text of the specifier, e.g. "%-8lld". */
  text: string;
}

const SPEC = /%(%|[-+ #0]*(\*|[0-9]+)?(\.([0-9]+|\*))?(hh|h|ll|l|j|z|t)?([a-zA-Z]))/g;

/** Conversions of a printf format, `%%` excluded. Exported for codegen's event layouts. */
export function parseFormat(fmt: string): FormatSpec[] {
  const out: FormatSpec[] = [];
  for (const m of fmt.matchAll(SPEC)) {
    if (m[1] === '%') continue;
    out.push({ conv: m[6]!, text: m[0] });
  }
  return out;
}

const INT_CONVS = new Set(['d', 'i', 'u', 'x', 'X', 'o', 'c', 'p']);

function acceptsInt(t: SizedType): boolean {
  return t.tag === 'int' || t.tag === 'pointer' || t.tag === 'agg' ||
    (t.tag === 'special' && ['ksym', 'usym', 'probe', 'username', 'inet', 'timestamp'].includes(t.kind) === false && t.kind !== 'buffer');
}

export function checkFormat(ctx: Context, fn: string, fmt: string, args: readonly Expr[], range: SourceRange): void {
  const specs = parseFormat(fmt);
  if (args.length < specs.length) {
    ctx.error('type/printf-args', `${fn}: Not enough arguments for format string (${args.length} supplied, ${specs.length} expected)`, range);
    return;
  }
  if (args.length > specs.length) {
    ctx.error('type/printf-args', `${fn}: Too many arguments for format string (${args.length} supplied, ${specs.length} expected)`, range);
    return;
  }
  specs.forEach((s, i) => {
    const t = args[i]!.type;
    if (!t || t.tag === 'none') return;
    if (INT_CONVS.has(s.conv) && !acceptsInt(t)) {
      ctx.error('type/printf-type', `${fn}: %${s.conv} specifier expects a value of type integer (${kindName(t)} supplied)`, range);
    }
  });
}
