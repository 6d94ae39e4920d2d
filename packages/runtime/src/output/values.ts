// Renders values of the special layouts (probe, symbols, username, inet, mac_address, strerror, buffer)
// to the strings bpftrace prints for them.
import type { ValueLayout } from '@bpftrace-ts/artifact';
import { readI64, readU64 } from './bytes.js';
import { stackText, type StackFrame } from './stacks.js';
import { formatTimestamp } from './strftime.js';

/** Lookups that need the host (symbol tables, /etc/passwd); all optional so rendering stays pure. */
export interface Resolvers {
  username?(uid: bigint): string | undefined;
  ksym?(addr: bigint): string | undefined;
  usym?(addr: bigint, pid: bigint | undefined): string | undefined;
  /**
   * The frames of a stack (kstack/ustack) from its stack id (and the pid, for ustack);
   * without it, or for a failed id (negative), the stack prints empty.
   */
  stack?(kind: 'kstack' | 'ustack', id: bigint, depth: number, pid: bigint | undefined): StackFrame[] | undefined;
  /**
   * Wall-clock time at boot in ns (CLOCK_REALTIME - CLOCK_BOOTTIME, as bpftrace 0.17
   * takes it), for strftime(); without it a timestamp prints `(?)`.
   */
  bootTimeNs?(): bigint | undefined;
  /** cgroup_path(): `hierarchy:path` for each cgroup mount matching `filter` holding `id`, joined by ','. */
  cgroupPath?(id: bigint, filter: string): string;
  /** strerror(): the C library's text for an errno (an int, as strerror(3) takes it). */
  strerror?(errno: number): string;
}

export interface ValueContext {
  /** Probe index -> canonical probe name (Manifest.probeNames). */
  probeNames: string[];
  resolve?: Resolvers;
  /** Manifest.strftimeFormats / cgroupPathFilters, indexed by timestamp / cgroup_path values. */
  strftimeFormats?: string[];
  cgroupPathFilters?: string[];
  /** Rendering a map key: bpftrace indents stack frames there by 4, elsewhere by 8. */
  inKey?: boolean;
}

/** An unresolved symbol prints as its address the way C++ streams a pointer: "0" or "0x1000". */
export const pointerText = (addr: bigint): string => (addr === 0n ? '0' : '0x' + addr.toString(16));

const hex2 = (n: number, upper = false): string => {
  const s = n.toString(16).padStart(2, '0');
  return upper ? s.toUpperCase() : s;
};

/** inet_ntop(AF_INET, ...) */
export function ntop4(b: Uint8Array, off = 0): string {
  return `${b[off]}.${b[off + 1]}.${b[off + 2]}.${b[off + 3]}`;
}

/** inet_ntop(AF_INET6, ...) with glibc's rules: lowercase, longest zero run (>= 2 groups) as "::", embedded IPv4. */
export function ntop6(b: Uint8Array, off = 0): string {
  const w: number[] = [];
  for (let i = 0; i < 8; i++) w.push((b[off + 2 * i]! << 8) | b[off + 2 * i + 1]!);
  let bestBase = -1, bestLen = 0;
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) { i++; continue; }
    let j = i;
    while (j < 8 && w[j] === 0) j++;
    if (j - i > bestLen) { bestBase = i; bestLen = j - i; }
    i = j;
  }
  if (bestLen < 2) bestBase = -1;
  let out = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) out += ':';
      continue;
    }
    if (i !== 0) out += ':';
    // IPv4-compatible (::a.b.c.d) and IPv4-mapped (::ffff:a.b.c.d) addresses end in dotted quad.
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      out += ntop4(b, off + 12);
      break;
    }
    out += w[i]!.toString(16);
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) out += ':';
  return out;
}

/**
 * A buf() value as bpftrace prints it with %r (and as a map value): printable ASCII as is,
 * other bytes as \xNN (lowercase). %rx: every byte as \xNN; %rh: every byte as NN, space-separated.
 */
export function bufferText(bytes: Uint8Array, off: number, size: number, flavour: '' | 'x' | 'h'): string {
  const out: string[] = [];
  for (let i = 0; i < size; i++) {
    const c = bytes[off + i]!;
    if (flavour === '' && c >= 32 && c <= 126) out.push(String.fromCharCode(c));
    else out.push(flavour === 'h' ? hex2(c) : `\\x${hex2(c)}`);
  }
  return out.join(flavour === 'h' ? ' ' : '');
}

/**
 * The text of a special-layout value. Returns undefined for layouts that are not special
 * (int, string, tuple, none), which layouts.ts decodes itself.
 */
export function renderSpecial(layout: ValueLayout, bytes: Uint8Array, off: number, ctx: ValueContext): string | undefined {
  switch (layout.type) {
    case 'probe': {
      const i = Number(readU64(bytes, off));
      return ctx.probeNames[i] ?? `probe#${i}`;
    }
    case 'username': {
      const uid = readU64(bytes, off);
      return ctx.resolve?.username?.(uid) ?? uid.toString();
    }
    case 'ksym': {
      const addr = readU64(bytes, off);
      return ctx.resolve?.ksym?.(addr) ?? pointerText(addr);
    }
    case 'usym': {
      const addr = readU64(bytes, off);
      const pid = layout.pidOffset !== undefined ? readU64(bytes, off + layout.pidOffset) : undefined;
      return ctx.resolve?.usym?.(addr, pid) ?? pointerText(addr);
    }
    case 'kstack': case 'ustack': {
      const id = readI64(bytes, off);
      const pid = layout.type === 'ustack' && layout.pidOffset !== undefined ? readU64(bytes, off + layout.pidOffset) : undefined;
      const frames = id >= 0n ? ctx.resolve?.stack?.(layout.type, id, layout.depth, pid) : undefined;
      return stackText(frames ?? [], layout.mode ?? 'bpftrace', layout.type === 'ustack', ctx.inKey);
    }
    case 'inet': {
      // 4 or 16 bytes: the address itself; otherwise { u64 family; u8 addr[16] }.
      if (layout.size === 4) return ntop4(bytes, off);
      if (layout.size === 16) return ntop6(bytes, off);
      const af = Number(readU64(bytes, off));
      return af === 2 ? ntop4(bytes, off + 8) : ntop6(bytes, off + 8);
    }
    case 'timestamp': {
      const format = ctx.strftimeFormats?.[Number(readU64(bytes, off))];
      const boot = ctx.resolve?.bootTimeNs?.();
      if (format === undefined || boot === undefined) return '(?)';
      return formatTimestamp(format, boot + readU64(bytes, off + 8));
    }
    case 'cgroup_path': {
      const filter = ctx.cgroupPathFilters?.[Number(readU64(bytes, off))] ?? '*';
      return ctx.resolve?.cgroupPath?.(readU64(bytes, off + 8), filter) ?? '';
    }
    case 'mac_address': {
      const parts: string[] = [];
      for (let i = 0; i < 6; i++) parts.push(hex2(bytes[off + i]!, true));
      return parts.join(':');
    }
    case 'strerror': {
      // As strerror(3) takes it: an int.
      const errno = Number(BigInt.asIntN(32, readU64(bytes, off)));
      return ctx.resolve?.strerror?.(errno) ?? `Unknown error ${errno}`;
    }
    case 'buffer': return bufferText(bytes, off, layout.size, '');
    default:
      return undefined;
  }
}
