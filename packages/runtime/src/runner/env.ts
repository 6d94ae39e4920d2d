// BPFTRACE_* variables a run reads (the CLI reads these too, and the ones that shape
// compilation), parsed as bpftrace 0.17 parses them.
import { DEFAULT_CAT_BYTES_MAX } from '../session.js';

const U64_MAX = (1n << 64n) - 1n;

/**
 * A variable read as bpftrace 0.17 reads a uint64_t (C++'s `stream >> uint64_t`): blanks
 * before, an optional sign, decimal digits, and whatever follows them ignored (" 8x" is 8);
 * a minus wraps modulo 2^64 ("-1" is 2^64-1). No digits, or more than 2^64-1: its error.
 */
export function uint64Env(env: NodeJS.ProcessEnv, name: string): { value?: bigint; error?: string } {
  const v = env[name];
  if (v === undefined) return {};
  const m = /^[ \t\n\v\f\r]*([+-]?)([0-9]+)/.exec(v);
  const n = m ? BigInt(m[2]!) : undefined;
  if (n === undefined || n > U64_MAX) return { error: `Env var '${name}' did not contain a valid uint64_t, or was zero-valued.` };
  return { value: m![1] === '-' ? (U64_MAX + 1n - n) & U64_MAX : n };
}


/** BPFTRACE_CAT_BYTES_MAX: how much of a file cat() prints (0 prints nothing; huge means all). */
export function catBytesMaxFromEnv(env: NodeJS.ProcessEnv): { value: number; error?: string } {
  const r = uint64Env(env, 'BPFTRACE_CAT_BYTES_MAX');
  if (r.error) return { value: DEFAULT_CAT_BYTES_MAX, error: r.error };
  const n = r.value ?? BigInt(DEFAULT_CAT_BYTES_MAX);
  return { value: n > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(n) };
}
