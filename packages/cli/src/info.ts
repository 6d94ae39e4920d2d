// --info: what this kernel offers for tracing, as the frontend detected it.

import { release } from 'node:os';
import type { KernelInfo } from '@bpftrace-ts/typecheck';
import { BPFTRACE_COMPAT, cliVersion } from './version.js';

/** `mapTypes`: each map type with whether the kernel supports it (bpftrace's "Map types" section). */
export function infoText(kernel: KernelInfo, mapTypes: [string, boolean][] = []): string {
  const f = kernel.features;
  const yes = (b: boolean) => (b ? 'yes' : 'no');
  return [
    'System',
    `  OS: Linux ${release()}`,
    '',
    'Build',
    `  version: bpftrace-ts v${cliVersion()} (bpftrace v${BPFTRACE_COMPAT} compatible)`,
    '',
    'Kernel features',
    `  kprobes: ${yes(f.kprobes)}`,
    `  uprobes: ${yes(f.uprobes)}`,
    `  fentry/fexit: ${yes(f.fentry)}`,
    `  ring buffer: ${yes(f.ringbuf)}`,
    `  attach cookies: ${yes(f.attachCookie)}`,
    `  tracepoints: ${kernel.tracepoints().length}`,
    '',
    ...(mapTypes.length ? ['Map types', ...mapTypes.map(([name, ok]) => `  ${name}: ${yes(ok)}`), ''] : []),
  ].join('\n');
}
