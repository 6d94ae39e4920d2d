// What an argument must look like to be used as a KernelInfo: library callers pass one in
// (often hand-built, e.g. `{}`), and a wrong shape must be a clear TypeError at the call, not
// a failure deep in a pass.
import type { KernelFeatures } from './kernel-info.js';

const REQUIRED_METHODS = ['tracepoints', 'tracepointFormat', 'record'] as const;
const OPTIONAL_METHODS = ['enumValue', 'typedef', 'func', 'kernelFunctions', 'binaryTypes'] as const;
const FEATURES: readonly (keyof KernelFeatures)[] = ['kprobes', 'fentry', 'uprobes', 'ringbuf', 'attachCookie'];

/** What is wrong with `k` as a KernelInfo ("lacks method record()"), or undefined when nothing is. */
export function kernelInfoProblem(k: unknown): string | undefined {
  if (k === null || typeof k !== 'object') return `must be a KernelInfo object, got ${describeValue(k)}`;
  const o = k as Record<string, unknown>;
  for (const m of REQUIRED_METHODS) if (typeof o[m] !== 'function') return `must be a KernelInfo: ${m}() is missing`;
  for (const m of OPTIONAL_METHODS) if (o[m] !== undefined && typeof o[m] !== 'function') return `must be a KernelInfo: ${m} is not a function`;
  const f = o.features;
  if (f === null || typeof f !== 'object') return `must be a KernelInfo: features is ${describeValue(f)}, not an object`;
  for (const name of FEATURES) {
    const v = (f as Record<string, unknown>)[name];
    if (typeof v !== 'boolean') return `must be a KernelInfo: features.${name} is ${describeValue(v)}, not a boolean`;
  }
  if (o.kernelRelease !== undefined && typeof o.kernelRelease !== 'string') return 'must be a KernelInfo: kernelRelease is not a string';
  return undefined;
}

/**
 * Thrown by a KernelInfo whose data turns out to be bad when first used (a profile's BTF is
 * read lazily): check() reports it as an error about the kernel data, not as its own bug.
 */
export class KernelDataError extends Error {}

/** "number", "null", "array", "object"...: how argument errors name what they got. */
export function describeValue(v: unknown): string {
  return v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v;
}
