// Shared test setup: the kernel-test helpers of @bpftrace-ts/libbpf-ts (compiling BPF C,
// the workload, counting kernel objects) plus the runtime's own: its BPF programs,
// its preflight, and checking printed kernel stacks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { preflight } from '../src/index.js';
import { compileBpf as compileIn, skipReason as libbpfSkip } from '../../libbpf-ts/test/helpers.js';

export { kernelSnapshot, startWaitingWorkload, tempPath, u32, readU64, sumU64, workloadPath } from '../../libbpf-ts/test/helpers.js';

const bpfDir = join(fileURLToPath(new URL('.', import.meta.url)), 'bpf');

/** Why kernel tests can't run here, or undefined. Printed loudly by each suite that skips. */
export const skipReason: string | undefined = preflight() ?? libbpfSkip;

export function warnSkip(suite: string): void {
  if (skipReason) console.warn(`\n!!! SKIPPED ${suite}: ${skipReason} — these tests need root and a BPF-capable kernel !!!\n`);
}

/** Compile test/bpf/NAME.bpf.c (the runtime's, else libbpf-ts's) and return the object bytes. */
export function compileBpf(name: string): Uint8Array {
  return existsSync(join(bpfDir, `${name}.bpf.c`)) ? compileIn(name, bpfDir) : compileIn(name);
}

/** Kernel symbol name -> addresses (a name can repeat), from /proc/kallsyms. */
function kallsyms(): Map<string, bigint[]> {
  const syms = new Map<string, bigint[]>();
  for (const m of readFileSync('/proc/kallsyms', 'utf8').matchAll(/^([0-9a-f]+) \w (\S+)/gm)) {
    syms.set(m[2]!, [...(syms.get(m[2]!) ?? []), BigInt('0x' + m[1])]);
  }
  return syms;
}

/**
 * The kernel frames of printed stacks, checked against /proc/kallsyms (the recordings mask
 * addresses, offsets and names, which depend on the kernel's build): perf mode's
 * `ADDR sym+off` must be sym's address + off; bpftrace mode's `sym+off` a kernel symbol.
 * Returns the problems found, and how many frames of each kind were seen.
 */
export function checkKernelFrames(out: string): { problems: string[]; perf: number; plain: number } {
  const syms = kallsyms();
  const problems: string[] = [];
  const perf = [...out.matchAll(/(?:\t|\\t)(ffff[0-9a-f]{12}) ([A-Za-z_][\w.]*)\+(\d+)(?=\n|\\n)/g)];
  for (const [, addr, sym, off] of perf) {
    if (!(syms.get(sym!) ?? []).some((a) => a + BigInt(off!) === BigInt('0x' + addr))) problems.push(`${addr} ${sym}+${off}`);
  }
  const plain = [...out.matchAll(/(?:\n|\\n) {4}([A-Za-z_][\w.]*)\+(\d+)(?=\n|\\n)/g)].filter(([, sym]) => !/^(main|a|b)$/.test(sym!));
  for (const [, sym, off] of plain) if (!syms.has(sym!)) problems.push(`${sym}+${off}`);
  return { problems, perf: perf.length, plain: plain.length };
}

