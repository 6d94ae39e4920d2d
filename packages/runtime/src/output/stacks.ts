// kstack/ustack text as bpftrace 0.17 prints it. Default (bpftrace) mode: a
// newline, then one frame per line indented (`func+off`, or the address in hex
// when unresolved): by 4 spaces in a map key, by 8 everywhere else (map values,
// printf, print). perf mode: a tab, the address in hex, a space
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

export function stackText(frames: readonly StackFrame[], mode: StackMode = 'bpftrace', user = false, inKey = false): string {
  if (mode === 'perf') return '\n' + frames.map((f) => `\t${f.addr.toString(16)} ${perfFrameText(f, user)}\n`).join('');
  const indent = inKey ? '    ' : '        ';
  return '\n' + frames.map((f) => `${indent}${frameText(f)}\n`).join('');
}
