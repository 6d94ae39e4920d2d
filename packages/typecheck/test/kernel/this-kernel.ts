// A KernelInfo of THIS machine's kernel for tests: tracefs formats, BTF from
// /sys/kernel/btf/vmlinux and text symbols from /proc/kallsyms (kprobe wildcards).
import { existsSync } from 'node:fs';
import { createKernelInfo, parseBtf, type KernelInfo } from '../../src/index.js';
import { ensureTracefs, availableEvents, readText, vmlinuxBytes, TRACEFS, VMLINUX } from './machine.js';

/** Text (t/T) symbols of /proc/kallsyms, without duplicates. */
export function kallsymsText(): string[] {
  const out = new Set<string>();
  for (const line of (readText('/proc/kallsyms') ?? '').split('\n')) {
    const [, type, name] = line.split(/\s+/);
    if ((type === 't' || type === 'T') && name) out.add(name);
  }
  return [...out];
}

export const hasThisKernel = (): boolean => existsSync(VMLINUX) && ensureTracefs();

let cached: KernelInfo | undefined;
export function thisKernel(): KernelInfo {
  if (cached) return cached;
  ensureTracefs();
  const bytes = vmlinuxBytes();
  cached = createKernelInfo({
    tracepoints: availableEvents,
    readFormat: (c, e) => readText(`${TRACEFS}/events/${c}/${e}/format`),
    btf: () => (bytes ? parseBtf(bytes) : undefined),
    kernelFunctions: kallsymsText,
    // As on this VM: no kprobes/fentry attach, but scripts using them still type-check.
    features: { kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true },
  });
  return cached;
}
