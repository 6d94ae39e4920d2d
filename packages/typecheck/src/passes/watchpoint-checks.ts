// watchpoint:ADDR:LEN:MODE and watchpoint:FUNC+argN:LEN:MODE (asyncwatchpoint:
// the function form only), parsed and checked as bpftrace 0.17 does, with its
// messages. x86_64 debug registers watch writes (w), reads and writes (rw) or
// execution (x); 0.17 refuses the other mode combinations on this architecture.
import type { ResolvedAttach } from '../checked.js';

/** Modes the x86 debug registers cannot watch (Intel SDM vol. 3, 17.2.4). */
const INVALID_MODES = new Set(['r', 'rx', 'wx', 'rwx']);
const LENGTHS = new Set([1, 2, 4, 8]);
/** Arguments passed in registers (x86_64 SysV): arg0..arg5. */
const MAX_ARG = 5;

function parseUnsigned(text: string): number | undefined {
  if (!/^(0x[0-9a-fA-F]+|[0-9]+)$/.test(text)) return undefined;
  return Number(text);
}

/** The attach point, or the message 0.17 gives for it. `parts` are the three parts after the provider. */
export function parseWatchpoint(type: 'watchpoint' | 'asyncwatchpoint', parts: readonly string[]): ResolvedAttach | string {
  const [where, lenText, modeText] = parts as [string, string, string];
  const r: ResolvedAttach = { probeType: type, name: '' };
  if (where.includes('+')) {
    const fa = where.split('+').filter((s) => s !== '');
    if (fa.length !== 2) return 'Invalid function/address argument';
    const [func, arg] = fa as [string, string];
    if (arg.length <= 3 || !arg.startsWith('arg')) return 'Invalid function argument';
    const n = parseUnsigned(arg.slice(3));
    if (n === undefined) return `Invalid function argument`;
    if (n > MAX_ARG) return `x86_64 doesn't support arg${n}`;
    r.func = func;
    r.argNum = n;
  } else {
    const addr = parseUnsigned(where);
    if (addr === undefined) return `Invalid watchpoint address: ${where}`;
    if (type === 'asyncwatchpoint') return `${type} requires a function name`;
    if (addr === 0) return 'watchpoint must be attached to a non-zero address';
    r.address = addr;
  }
  const len = parseUnsigned(lenText);
  if (len === undefined || !LENGTHS.has(len)) return 'watchpoint length must be one of (1,2,4,8)';
  const mode = [...modeText].sort().join('');
  if (mode === '' || /[^rwx]/.test(mode)) return 'watchpoint mode must be combination of (r,w,x)';
  if (/(.)\1/.test(mode)) return 'watchpoint modes may not be duplicated';
  if (INVALID_MODES.has(mode)) return `invalid watchpoint mode: ${mode}`;
  r.len = len;
  r.mode = mode;
  // 0.17's probe name: the address in decimal. The function form's name also holds the
  // traced binary (-c/-p), which the CLI adds when it resolves it (and expands `*` there).
  r.name = r.func === undefined ? `${type}:${r.address}:${len}:${mode}` : `${type}:${r.func}${r.argNum ? `:${r.argNum}` : ''}:${len}:${mode}`;
  return r;
}
