// A USDT call site's argument text (sdt.h's x86-64 operands, "-4@%eax 8@-16(%rbp)
// 8@-88(%rsp,%rax,8) 4@$42") as argument specs for the program (codegen's usdt-spec.ts).
import type { UsdtArgSpec } from '@bpftrace-ts/artifact';

/** struct pt_regs (x86-64) offsets, by 64-bit register name. */
const PT_REGS: Record<string, number> = {
  r15: 0, r14: 8, r13: 16, r12: 24, rbp: 32, rbx: 40, r11: 48, r10: 56, r9: 64, r8: 72,
  rax: 80, rcx: 88, rdx: 96, rsi: 104, rdi: 112, rip: 128, rsp: 152,
};

/** Sub-registers ("eax", "ax", "al", "r8d", ...) share their register's slot (little-endian). */
function regOffset(name: string): number | undefined {
  if (PT_REGS[name] !== undefined) return PT_REGS[name];
  const r = /^r(\d+)[dwb]$/.exec(name);
  if (r) return PT_REGS[`r${r[1]}`];
  const legacy: Record<string, string> = {
    eax: 'rax', ax: 'rax', al: 'rax', ah: 'rax', ebx: 'rbx', bx: 'rbx', bl: 'rbx', bh: 'rbx',
    ecx: 'rcx', cx: 'rcx', cl: 'rcx', ch: 'rcx', edx: 'rdx', dx: 'rdx', dl: 'rdx', dh: 'rdx',
    esi: 'rsi', si: 'rsi', sil: 'rsi', edi: 'rdi', di: 'rdi', dil: 'rdi',
    ebp: 'rbp', bp: 'rbp', bpl: 'rbp', esp: 'rsp', sp: 'rsp', spl: 'rsp', eip: 'rip',
  };
  const full = legacy[name];
  return full === undefined ? undefined : PT_REGS[full];
}

const num = (s: string): bigint => (s.startsWith('-') ? -BigInt(s.slice(1)) : BigInt(s));

/** One operand; a string says why it cannot be read. */
export function parseUsdtArg(text: string): UsdtArgSpec | string {
  const m = /^(-?\d+)@(.+)$/.exec(text);
  if (!m) return `unrecognized argument '${text}'`;
  const size = Number(m[1]);
  const bytes = Math.abs(size);
  if (![1, 2, 4, 8].includes(bytes)) return `unsupported argument size in '${text}'`;
  const base = { signed: size < 0, bitshift: 64 - bytes * 8 };
  const op = m[2]!;
  let x: RegExpExecArray | null;
  if ((x = /^\$(-?(?:0x[0-9a-fA-F]+|\d+))$/.exec(op))) return { kind: 'const', valOff: num(x[1]!), regOff: 0, ...base };
  if ((x = /^%(\w+)$/.exec(op))) {
    const reg = regOffset(x[1]!);
    return reg === undefined ? `unknown register in '${text}'` : { kind: 'reg', valOff: 0n, regOff: reg, ...base };
  }
  if ((x = /^(-?(?:0x[0-9a-fA-F]+|\d+))?\(%(\w+)(?:,%(\w+)(?:,(\d+))?)?\)$/.exec(op))) {
    const reg = regOffset(x[2]!);
    if (reg === undefined) return `unknown register in '${text}'`;
    const valOff = x[1] ? num(x[1]) : 0n;
    if (x[3] === undefined) return { kind: 'deref', valOff, regOff: reg, ...base };
    const idx = regOffset(x[3]);
    const scale = Number(x[4] ?? '1');
    if (idx === undefined || ![1, 2, 4, 8].includes(scale)) return `unrecognized argument '${text}'`;
    return { kind: 'sib', valOff, regOff: reg, idxRegOff: idx, scaleShift: Math.log2(scale), ...base };
  }
  return `unrecognized argument '${text}'`;
}

/** Every operand of a call site's argument text, or why one cannot be read. */
export function parseUsdtArgs(args: string): UsdtArgSpec[] | string {
  const out: UsdtArgSpec[] = [];
  for (const a of args.split(/\s+/).filter((s) => s !== '')) {
    const r = parseUsdtArg(a);
    if (typeof r === 'string') return r;
    out.push(r);
  }
  return out;
}
