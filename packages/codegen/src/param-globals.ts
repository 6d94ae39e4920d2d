// Integer positional parameters of an artifact: read from read-only globals (`.rodata`, what
// libbpf makes a frozen map) that a runner sets before loading, instead of compiled-in
// constants, so `bpftrace-ts run script.o 7` needs no compiler. The loads are volatile (as for
// C's `const volatile`): llc must not fold the initial value in.
import type { ProbeCtx } from './context.js';
import { I64, type Value } from './ir-builder.js';

export const paramSymbol = (index: number) => `bpftrace_param_${index}`;

/** The value of `$index` (an integer), read from its global. */
export function paramGlobal(p: ProbeCtx, index: number, value: bigint): Value {
  const m = p.m;
  const name = paramSymbol(index);
  if (!m.paramGlobals.has(index)) {
    m.paramGlobals.add(index);
    m.mod.addGlobal(`@${name} = dso_local constant i64 ${value}, section ".rodata", align 8, !dbg ${m.di.globalI64(name)}`);
  }
  return p.f.emit(I64, `load volatile i64, ptr @${name}, align 8`);
}
