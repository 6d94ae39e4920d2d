// printf/system/cat format strings: counts the conversions and checks each
// argument's kind against its specifier, as bpftrace 0.17 words it.
import type { Expr, SizedType, SourceRange } from '@bpftrace-ts/parser';
import type { Context } from './context.js';

export interface FormatSpec {
  /** The conversion character: d i u x X o c s p ... */
  conv: string;
  /** Length modifier, if any: hh h l ll j z t. */
  length?: string;
  /** Full text of the specifier, e.g. "%-8lld". */
  text: string;
}

const SPEC = /%(%|[-+ #0]*(\*|[0-9]+)?(\.([0-9]+|\*))?(hh|h|ll|l|j|z|t)?([a-zA-Z]))/g;

/** Conversions of a printf format, `%%` excluded. Exported for codegen's event layouts. */
export function parseFormat(fmt: string): FormatSpec[] {
  const out: FormatSpec[] = [];
  for (const m of fmt.matchAll(SPEC)) {
    if (m[1] === '%') continue;
    out.push(m[5] ? { conv: m[6]!, length: m[5], text: m[0] } : { conv: m[6]!, text: m[0] });
  }
  return out;
}

/** What a value is to printf, in bpftrace 0.17's words: specials print as strings. */
function printfKind(t: SizedType): string {
  switch (t.tag) {
    case 'int': case 'pointer': return 'integer';
    case 'string': return 'string';
    case 'special': return t.kind === 'buffer' ? 'buffer' : 'string';
    case 'agg': return t.agg;
    default: return t.tag;
  }
}

/** The kind a conversion wants: %s strings, %r buffers, the rest integers. */
const wanted = (conv: string) => (conv === 's' ? 'string' : conv === 'r' ? 'buffer' : 'integer');

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
    const want = wanted(s.conv), have = printfKind(t);
    if (want !== have) {
      ctx.error('type/printf-type', `${fn}: %${s.length ?? ''}${s.conv} specifier expects a value of type ${want} (${have} supplied)`, range);
    }
  });
}
