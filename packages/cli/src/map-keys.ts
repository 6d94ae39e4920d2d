// BPFTRACE_MAP_KEYS_MAX: max_entries of every keyed map (bpftrace 0.17's default 4096).

/** The value, undefined when unset (codegen's default), or bpftrace 0.17's error text. */
export function mapKeysMaxFromEnv(env: NodeJS.ProcessEnv): { value?: number; error?: string } {
  const v = env.BPFTRACE_MAP_KEYS_MAX;
  if (v === undefined) return {};
  // The kernel's max_entries is a u32; bigger values could not create a map anyway.
  if (!/^[0-9]+$/.test(v) || Number(v) === 0 || Number(v) > 0xffffffff) {
    return { error: "Env var 'BPFTRACE_MAP_KEYS_MAX' did not contain a valid uint64_t, or was zero-valued." };
  }
  return { value: Number(v) };
}
