// kstack/ustack text as bpftrace 0.17 prints it: a newline, then one frame per
// line indented by 4 spaces (`func+off`, or the address in hex when unresolved).
// The same string is the map key in JSON.

/** One frame: the address and, when resolved, the function and the offset into it. */
export interface StackFrame { addr: bigint; name?: string; offset?: bigint }

export function frameText(f: StackFrame): string {
  return f.name !== undefined ? `${f.name}+${f.offset ?? 0n}` : `0x${f.addr.toString(16)}`;
}

export function stackText(frames: readonly StackFrame[]): string {
  return '\n' + frames.map((f) => `    ${frameText(f)}\n`).join('');
}
