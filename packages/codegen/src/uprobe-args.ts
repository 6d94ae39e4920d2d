// `args->name` in uprobes: the traced function's parameter `name`, found by position in
// the binary's DWARF prototype (KernelInfo.binaryTypes, as the checker typed it), read
// from the calling convention's register for that position (the stack past the sixth),
// as arg0..argN read them, then narrowed to the parameter's type.

import type { FieldAccess } from '@bpftrace-ts/parser';
import { argumentValue } from './builtins.js';
import type { ProbeCtx } from './context.js';
import { typeOf } from './expressions.js';
import { I64, type Value } from './ir-builder.js';
import { layoutOf } from './layout.js';

/** `args->name` of a uprobe; undefined when this is no uprobe or the function has no such parameter. */
export function genUprobeArg(p: ProbeCtx, e: FieldAccess): Value | undefined {
  const a = p.attach[0];
  if (a?.probeType !== 'uprobe' || a.target === undefined || a.func === undefined) return undefined;
  const index = p.m.options.kernel?.binaryTypes?.(a.target)?.func(a.func)?.params.findIndex((x) => x.name === e.field) ?? -1;
  if (index < 0) return undefined;
  const v = argumentValue(p, index);
  const l = layoutOf(typeOf(p, e));
  // A `char` or `short` parameter is the low bits of its register (sign-extended when signed).
  if (l.type !== 'int' || l.size >= 8) return v;
  return p.f.intResize(p.f.intResize(v, `i${l.size * 8}`, false), I64, l.signed);
}
