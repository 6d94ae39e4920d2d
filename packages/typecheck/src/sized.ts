// Small helpers over SizedType: constructors, predicates, and the names bpftrace
// 0.17 prints for types in its messages ("unsigned int64", "string[16]", "count").
import { run, sub, type SizedType, type SpecialKind, type StackShape, type Step } from '@bpftrace-ts/parser';

export const int = (bits: 8 | 16 | 32 | 64, signed: boolean): SizedType => ({ tag: 'int', bits, signed });
export const U64 = int(64, false);
export const I64 = int(64, true);
export const VOID: SizedType = { tag: 'none' };
export const str = (size: number): SizedType => ({ tag: 'string', size });
export const special = (kind: SpecialKind, size = 8): SizedType => ({ tag: 'special', kind, size });

/**
 * bpftrace's default stack depth, also the kernel's default perf_event_max_stack: deeper
 * requests (up to 1024 are accepted) still get at most this many frames.
 */
export const DEFAULT_STACK_DEPTH = 127;

/** A kstack/ustack value: the shape travels in the type, so a stack stored anywhere prints as asked. */
export function stackType(kind: 'kstack' | 'ustack', depth = DEFAULT_STACK_DEPTH, mode: StackShape['mode'] = 'bpftrace'): SizedType {
  return { tag: 'special', kind, size: 8, stack: { depth: Math.min(Math.max(1, depth), DEFAULT_STACK_DEPTH), mode } };
}

/** bpftrace's default BPFTRACE_STRLEN: the size of str() results. */
export const DEFAULT_STRLEN = 64;

export const isInt = (t: SizedType | undefined): boolean => t?.tag === 'int';
export const isString = (t: SizedType | undefined): boolean => t?.tag === 'string';
export const isNone = (t: SizedType | undefined): boolean => !t || t.tag === 'none';

/** Integer-like for arithmetic: ints and pointers (bpftrace allows pointer arithmetic). */
export const isIntLike = (t: SizedType | undefined): boolean => t?.tag === 'int' || t?.tag === 'pointer';

/** Widen an integer to 64 bits keeping its sign: how bpftrace stores ints in maps. */
export function widen(t: SizedType): SizedType {
  return t.tag === 'int' ? int(64, t.signed) : t;
}

/** The type as bpftrace prints it in diagnostics. */
export function typeName(t: SizedType | undefined): string {
  if (!t) return 'none';
  // Tuple and pointer types nest as deep as the script does: those walk as steps (steps.ts).
  return t.tag === 'tuple' || t.tag === 'pointer' || t.tag === 'array' ? run(nameS(t)) : leafName(t);
}

function leafName(t: Exclude<SizedType, { tag: 'tuple' | 'pointer' | 'array' }>): string {
  switch (t.tag) {
    case 'none': return 'none';
    case 'int': return `${t.signed ? '' : 'unsigned '}int${t.bits}`;
    case 'string': return `string[${t.size}]`;
    case 'record': return t.name;
    case 'agg': return t.agg;
    case 'special': return t.kind === 'buffer' ? `buffer[${t.size}]` : t.kind + stackSuffix(t.stack);
  }
}

/** `(perf, 3)` for a stack of other than the default shape; bpftrace's names for the default. */
function stackSuffix(s: StackShape | undefined): string {
  if (!s || (s.mode === 'bpftrace' && s.depth === DEFAULT_STACK_DEPTH)) return '';
  const parts = [...(s.mode === 'perf' ? ['perf'] : []), ...(s.depth !== DEFAULT_STACK_DEPTH ? [String(s.depth)] : [])];
  return `(${parts.join(', ')})`;
}

function* nameS(t: SizedType): Step<string> {
  switch (t.tag) {
    case 'pointer': return `${yield* sub(nameS(t.to))} *`;
    case 'array': return `${yield* sub(nameS(t.elem))}[${t.count}]`;
    case 'tuple': {
      const names: string[] = [];
      for (const e of t.elems) names.push(yield* sub(nameS(e)));
      return `(${names.join(',')})`;
    }
    default: return leafName(t);
  }
}

/** The coarse kind name bpftrace uses in "(string provided)"-style messages. */
export function kindName(t: SizedType | undefined): string {
  if (!t) return 'none';
  switch (t.tag) {
    case 'int': return 'integer';
    case 'agg': return t.agg;
    case 'special': return t.kind;
    default: return t.tag;
  }
}

/**
 * Whether a value of type `b` may be stored where `a` was stored first. Like bpftrace:
 * ints of any size/sign mix, strings of any size mix, tuples element-wise, others exactly.
 */
export function compatible(a: SizedType, b: SizedType): boolean {
  // Pairs still to compare: nested tuples are walked with a stack, not recursion.
  const todo: [SizedType, SizedType][] = [[a, b]];
  for (let pair = todo.pop(); pair; pair = todo.pop()) {
    const [x, y] = pair;
    if (x.tag !== y.tag) return false;
    switch (x.tag) {
      case 'tuple': {
        const ye = (y as typeof x).elems;
        if (x.elems.length !== ye.length) return false;
        x.elems.forEach((e, i) => todo.push([e, ye[i]!]));
        break;
      }
      case 'agg': if (x.agg !== (y as typeof x).agg) return false; break;
      // Stacks of other depths or modes live in other stack maps: one slot holds one shape.
      case 'special': if (x.kind !== (y as typeof x).kind || stackSuffix(x.stack) !== stackSuffix((y as typeof x).stack)) return false; break;
      case 'pointer': case 'array': if (typeName(x) !== typeName(y)) return false; break;
      case 'record': if (x.name !== (y as typeof x).name) return false; break;
    }
  }
  return true;
}

/** Strict equality, used for tuple variables (bpftrace compares tuples exactly). */
export function sameType(a: SizedType, b: SizedType): boolean {
  return typeName(a) === typeName(b);
}
