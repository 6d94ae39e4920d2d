// bpftrace's BPFTRACE_* environment variables that size what we build, read the way
// bpftrace 0.17 reads them: a positive decimal integer.

import { uint64Env } from '@bpftrace-ts/runtime';
export { uint64Env, catBytesMaxFromEnv, tooManyProbes } from '@bpftrace-ts/runtime';

const PAGE = 4096;

/** A positive integer variable: its value, nothing when unset, or bpftrace 0.17's error text. */
function positiveIntEnv(env: NodeJS.ProcessEnv, name: string, max: number, zero = false): { value?: number; error?: string } {
  const v = env[name];
  if (v === undefined) return {};
  if (!/^[0-9]+$/.test(v) || (Number(v) === 0 && !zero) || Number(v) > max) {
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

/**
 * BPFTRACE_MAX_PROBES: most attach points (BEGIN and END count) a run may attach, default
 * 512. bpftrace 0.17 takes 0 (and then refuses every program), despite its message.
 */
export function maxProbesFromEnv(env: NodeJS.ProcessEnv): { value: number; error?: string } {
  const r = positiveIntEnv(env, 'BPFTRACE_MAX_PROBES', Number.MAX_SAFE_INTEGER, true);
  return { value: r.value ?? 512, ...(r.error ? { error: r.error } : {}) };
}


/**
 * BPFTRACE_BTF: the kernel's BTF from this file instead of /sys/kernel/btf/vmlinux.
 * bpftrace 0.17 crashes (SIGSEGV) when the file is missing or not BTF; we say so.
 */
export function btfPathFromEnv(env: NodeJS.ProcessEnv, read: (path: string) => Uint8Array): { value?: string; error?: string } {
  const path = env.BPFTRACE_BTF;
  if (path === undefined || path === '') return {};
  let head: Uint8Array;
  try {
    head = read(path);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { error: `BPFTRACE_BTF: cannot read '${path}'${code === 'ENOENT' ? ': No such file or directory' : code === 'EACCES' ? ': Permission denied' : ''}` };
  }
  // struct btf_header starts with the magic 0xeB9F (little-endian here).
  if (head.length < 24 || head[0] !== 0x9f || head[1] !== 0xeb) return { error: `BPFTRACE_BTF: '${path}' is not a BTF file` };
  return { value: path };
}

/**
 * BPFTRACE_NO_USER_SYMBOLS=1: user addresses (ustack, usym) print as addresses;
 * BPFTRACE_NO_CPP_DEMANGLE=1: C++ names print mangled. 0 is the default; other values are
 * refused, as bpftrace 0.17 refuses them.
 */
export function userSymbolsFromEnv(env: NodeJS.ProcessEnv): { value: { resolve: boolean; demangle: boolean }; error?: string } {
  for (const name of ['BPFTRACE_NO_USER_SYMBOLS', 'BPFTRACE_NO_CPP_DEMANGLE']) {
    const v = env[name];
    if (v !== undefined && v !== '0' && v !== '1') return { value: { resolve: true, demangle: true }, error: `Env var '${name}' did not contain a valid value (0 or 1).` };
  }
  return { value: { resolve: env.BPFTRACE_NO_USER_SYMBOLS !== '1', demangle: env.BPFTRACE_NO_CPP_DEMANGLE !== '1' } };
}

/**
 * BPFTRACE_LOG_SIZE: the verifier log buffer bpftrace 0.17 loads with under -v. Only its
 * form is checked here (the same error text as 0.17); libbpf sizes the log we capture.
 * 0.17 takes 0 and then fails every load ("Error loading program"); we take 0 as unset.
 */
export function logSizeFromEnv(env: NodeJS.ProcessEnv): { value?: number; error?: string } {
  return positiveIntEnv(env, 'BPFTRACE_LOG_SIZE', Number.MAX_SAFE_INTEGER, true);
}
