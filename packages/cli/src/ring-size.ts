// BPFTRACE_PERF_RB_PAGES: bpftrace 0.17 gives every CPU a perf buffer of that many
// pages (default 64). We have one BPF ring buffer shared by all CPUs: it gets the
// same total, rounded up to a power of two as the kernel requires.

const PAGE = 4096;

/** The ring buffer size for BPFTRACE_PERF_RB_PAGES, or undefined (codegen's default) when unset or not a positive integer. */
export function ringbufSizeFromEnv(env: NodeJS.ProcessEnv, cpus: number): number | undefined {
  const v = env.BPFTRACE_PERF_RB_PAGES;
  if (v === undefined || !/^[0-9]+$/.test(v) || Number(v) === 0) return undefined;
  const bytes = Number(v) * PAGE * Math.max(1, cpus);
  let size = PAGE;
  while (size < bytes && size < 1 << 30) size *= 2;
  return size;
}
