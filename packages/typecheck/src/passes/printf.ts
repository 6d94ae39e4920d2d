// printf/system/cat/debugf format strings: counts the conversions and checks each
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

// bpftrace 0.17's specifier grammar (printf.h format_specifier_re): an optional '-', digits,
// an optional precision, then one of its printf_format_types: %s %r %rx %rh %c, or a length
// (hh h l ll j z t) with d u o x X p. Anything else (%i %f %+d % d %#x %*d ...) is not a
// conversion and takes no argument, so a call passing one fails with "Too many arguments".
// We still skip %% (bpftrace counts the `%d` of `%%d`, a bug we don't copy).
const SPEC = /%(%|-?[0-9]*(\.[0-9]+)?(?:(rx|rh|[src])|(hh|h|ll|l|j|z|t)?([duoxXp])))/g;

/** Conversions of a printf format, `%%` excluded. Exported for codegen's event layouts. */
export function parseFormat(fmt: string): FormatSpec[] {
  const out: FormatSpec[] = [];
  for (const m of fmt.matchAll(SPEC)) {
    if (m[1] === '%') continue;
    // %rx and %rh are %r with bpftrace's hex flavours; its messages name them as written.
    if (m[3]) out.push({ conv: m[3].startsWith('r') ? 'r' : m[3], text: m[0] });
    else out.push(m[4] ? { conv: m[5]!, length: m[4], text: m[0] } : { conv: m[5]!, text: m[0] });
  }
  return out;
}

/** A conversion as bpftrace names it, flags and width left out: `lld`, `s`, `rx`. */
const conversion = (s: FormatSpec) => (/r[xh]$/.test(s.text) ? s.text.slice(-2) : (s.length ?? '') + s.conv);

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

/** bpf_trace_printk takes at most three arguments (bpf-helpers(7)). */
export const PRINTK_MAX_ARGS = 3;

/** The conversions bpf_trace_printk knows, of those printf knows (as bpftrace 0.17 lists them). */
const PRINTK_CONVERSIONS = new Set(['d', 'u', 'x', 'ld', 'lu', 'lx', 'lld', 'llu', 'llx', 'p', 's']);

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
  if (fn === 'debugf') {
    if (args.length > PRINTK_MAX_ARGS) {
      ctx.error('type/printf-args', `${fn}: Cannot use more than ${PRINTK_MAX_ARGS} conversion specifiers`, range);
      return;
    }
  }
  for (const [i, s] of specs.entries()) {
    // Conversion by conversion, as bpftrace 0.17: one it does not know for bpf_trace_printk ends the check.
    if (fn === 'debugf' && !PRINTK_CONVERSIONS.has(conversion(s))) {
      ctx.error('type/printf-format', `${fn}: Unknown format string token: %${conversion(s)}`, range);
      return;
    }
    const t = args[i]!.type;
    if (!t || t.tag === 'none') continue;
    const want = wanted(s.conv), have = printfKind(t);
    if (want !== have) {
      ctx.error('type/printf-type', `${fn}: %${conversion(s)} specifier expects a value of type ${want} (${have} supplied)`, range);
    }
  }
}
