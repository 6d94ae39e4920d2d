// bpftrace's BPFTRACE_* environment variables that size what we build, read the way
// bpftrace 0.17 reads them: a positive decimal integer.

import { uint64Env } from '@bpftrace-ts/runtime';
export { uint64Env, catBytesMaxFromEnv } from '@bpftrace-ts/runtime';

const PAGE = 4096;

/** A positive integer variable: its value, nothing when unset, or bpftrace 0.17's error text. */
function positiveIntEnv(env: NodeJS.ProcessEnv, name: string, max: number): { value?: number; error?: string } {
  const v = env[name];
  if (v === undefined) return {};
  if (!/^[0-9]+$/.test(v) || Number(v) === 0 || Number(v) > max) {
    return { error: `Env var '${name}' did not contain a valid uint64_t, or was zero-valued.` };
  }
  return { value: Number(v) };
}

/**
 * BPFTRACE_PERF_RB_PAGES: bpftrace 0.17 gives every CPU a perf buffer of that many pages
 * (default 64). We have one BPF ring buffer shared by all CPUs: it gets the same total,
 * rounded up to a power of two as the kernel requires. Undefined (codegen's default)
 * when unset or not a positive integer.
 */
export function ringbufSizeFromEnv(env: NodeJS.ProcessEnv, cpus: number): number | undefined {
  const pages = positiveIntEnv(env, 'BPFTRACE_PERF_RB_PAGES', Number.MAX_SAFE_INTEGER).value;
  if (pages === undefined) return undefined;
  const bytes = pages * PAGE * Math.max(1, cpus);
  let size = PAGE;
  while (size < bytes && size < 1 << 30) size *= 2;
  return size;
}

/**
 * BPFTRACE_MAP_KEYS_MAX: max_entries of every keyed map (bpftrace 0.17's default 4096).
 * The kernel's max_entries is a u32; bigger values could not create a map anyway.
 */
export function mapKeysMaxFromEnv(env: NodeJS.ProcessEnv): { value?: number; error?: string } {
  return positiveIntEnv(env, 'BPFTRACE_MAP_KEYS_MAX', 0xffffffff);
}

/** The most BPFTRACE_STRLEN bpftrace 0.17 allows (strings live on the 512-byte BPF stack). */
export const MAX_STRLEN = 200;

/**
 * BPFTRACE_STRLEN: the size of str() results. bpftrace 0.17 accepts 0, then fails to
 * create any map holding such a string; we refuse it with the "zero-valued" message its
 * own check prints. Above 200: bpftrace 0.17's three-line error.
 */
export function strlenFromEnv(env: NodeJS.ProcessEnv): { value?: number; error?: string } {
  const name = 'BPFTRACE_STRLEN';
  const r = uint64Env(env, name);
  if (r.error || r.value === undefined) return { error: r.error };
  if (r.value === 0n) return { error: `Env var '${name}' did not contain a valid uint64_t, or was zero-valued.` };
  if (r.value > BigInt(MAX_STRLEN)) {
    return {
      error: `'${name}' ${r.value} exceeds the current maximum of ${MAX_STRLEN} bytes.\n` +
        'This limitation is because strings are currently stored on the 512 byte BPF stack.\n' +
        'Long strings will be pursued in: https://github.com/iovisor/bpftrace/issues/305',
    };
  }
  return { value: Number(r.value) };
}
