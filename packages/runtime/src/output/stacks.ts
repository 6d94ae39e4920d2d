// kstack/ustack text as bpftrace 0.17 prints it. Default (bpftrace) mode: a
// newline, then one frame per line indented by 4 spaces (`func+off`, or the
// address in hex when unresolved). perf mode: a tab, the address in hex, a space
// and the symbol; user frames add ` (module)`, unresolved ones `0xADDR ([unknown])`.
// The same string is the map key in JSON.

/** One frame: the address and, when resolved, the function, the offset into it and (user) its file. */
export interface StackFrame { addr: bigint; name?: string; offset?: bigint; module?: string }

export type StackMode = 'bpftrace' | 'perf';

export function frameText(f: StackFrame): string {
  return f.name !== undefined ? `${f.name}+${f.offset ?? 0n}` : `0x${f.addr.toString(16)}`;
}

function perfFrameText(f: StackFrame, user: boolean): string {
  if (!user) return frameText(f);
  return f.name !== undefined ? `${frameText(f)} (${f.module ?? '[unknown]'})` : `${frameText(f)} ([unknown])`;
}

export function stackText(frames: readonly StackFrame[], mode: StackMode = 'bpftrace', user = false): string {
  if (mode === 'perf') return '\n' + frames.map((f) => `\t${f.addr.toString(16)} ${perfFrameText(f, user)}\n`).join('');
  return '\n' + frames.map((f) => `    ${frameText(f)}\n`).join('');
}
