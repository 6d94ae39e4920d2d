// A KernelInfo of THIS machine for the frontend property test: tracefs formats, BTF
// from /sys/kernel/btf/vmlinux and text symbols from /proc/kallsyms (kprobe wildcards),
// all read lazily through createKernelInfo. Undefined when tracefs or BTF is missing.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createKernelInfo, parseBtf, type KernelFeatures, type KernelInfo } from '@bpftrace-ts/typecheck';

const TRACEFS = '/sys/kernel/tracing';
const VMLINUX = '/sys/kernel/btf/vmlinux';

const read = (path: string): string | undefined => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
};

function tracefsReady(): boolean {
  if (!existsSync(`${TRACEFS}/events`)) {
    try {
      execFileSync('mount', ['-t', 'tracefs', 'nodev', TRACEFS], { stdio: 'ignore' });
    } catch {
      /* not root: the caller skips */
    }
  }
  return existsSync(`${TRACEFS}/events`);
}

function kallsymsText(): string[] {
  const out = new Set<string>();
  for (const line of (read('/proc/kallsyms') ?? '').split('\n')) {
    const [, type, name] = line.split(/\s+/);
    if ((type === 't' || type === 'T') && name) out.add(name);
  }
  return [...out];
}

let cached: KernelInfo | undefined;

export function thisKernel(): KernelInfo | undefined {
  if (cached) return cached;
  if (!existsSync(VMLINUX) || !tracefsReady()) return undefined;
  cached = createKernelInfo({
    tracepoints: () => (read(`${TRACEFS}/available_events`) ?? '').split('\n').filter(Boolean),
    readFormat: (c, e) => read(`${TRACEFS}/events/${c}/${e}/format`),
    btf: () => parseBtf(new Uint8Array(readFileSync(VMLINUX))),
    kernelFunctions: kallsymsText,
    features: { kprobes: true, fentry: true, uprobes: true, ringbuf: true, attachCookie: true },
  });
  return cached;
}

/** The same kernel with other feature flags (cheap: shares the caches). */
export function withFeatures(kernel: KernelInfo, features: KernelFeatures): KernelInfo {
  return Object.create(kernel, { features: { value: features } }) as KernelInfo;
}
