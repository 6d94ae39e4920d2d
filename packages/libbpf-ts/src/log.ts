// libbpf's print callback: capture its messages (verifier logs, attach errors)
// so they end up in error values instead of on stderr.
import { native, registerCallback, type Ptr } from './libbpf.js';

const LIBBPF_WARN = 0;
const LIBBPF_INFO = 1;

let installed: Ptr | undefined;
let lines: string[] = [];
let buf: Uint8Array | undefined;
const decoder = new TextDecoder();

/** Route libbpf's output into our buffer; idempotent. LIBBPF_TS_DEBUG=1 (or BPFTRACE_TS_LIBBPF_DEBUG=1) echoes everything to stderr. */
export function captureLibbpfLog(): void {
  if (installed !== undefined) return;
  const { bpf, c } = native();
  const debug = !!(process.env.LIBBPF_TS_DEBUG || process.env.BPFTRACE_TS_LIBBPF_DEBUG);
  buf = new Uint8Array(1 << 20); // big enough for a verifier log printed in one call
  installed = registerCallback((level: number, fmt: Ptr, args: Ptr) => {
    if (level > LIBBPF_INFO && !debug) return 0;
    const n = c.vsnprintf(buf!, buf!.length, fmt, args);
    const text = decoder.decode(buf!.subarray(0, Math.max(0, Math.min(n, buf!.length - 1))));
    if (debug) process.stderr.write(text);
    if (level <= LIBBPF_INFO) lines.push(text);
    if (lines.length > 2000) lines = lines.slice(-1000);
    return 0;
  }, 'libbpf_print_fn');
  bpf.libbpf_set_print(installed);
}

/** Forget what was captured so far (call before an operation whose log you want). */
export function resetLog(): void {
  lines = [];
}

/** Everything captured since the last reset, warnings only unless `all`. */
export function takeLog(): string {
  const text = lines.join('');
  lines = [];
  return text;
}

export { LIBBPF_WARN };
