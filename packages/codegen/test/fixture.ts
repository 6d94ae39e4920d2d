// Test-only stand-in for the type checker until `check()` lands: resolves
// attach points (with tracepoint wildcards from tracefs), sets the few
// expression types codegen needs, and infers MapInfo from assignments.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { execFileSync, spawnSync } from 'node:child_process';
import { parse, type Expr, type SizedType, type Stmt } from '@bpftrace-ts/parser';
import { createKernelInfo, type CheckedProgram, type KernelInfo, type MapInfo, type ResolvedAttach, type ProbeType } from '@bpftrace-ts/typecheck';

const TRACEFS = '/sys/kernel/tracing/events';

export const kernel: KernelInfo = createKernelInfo({
  tracepoints: () => [],
  readFormat: (c, e) => {
    const p = `${TRACEFS}/${c}/${e}/format`;
    return existsSync(p) ? readFileSync(p, 'utf8') : undefined;
  },
  features: { kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true },
});

const ALIAS: Record<string, ProbeType> = {
  t: 'tracepoint', tracepoint: 'tracepoint', u: 'uprobe', uprobe: 'uprobe', ur: 'uretprobe', uretprobe: 'uretprobe',
  k: 'kprobe', kprobe: 'kprobe', kr: 'kretprobe', kretprobe: 'kretprobe', BEGIN: 'BEGIN', END: 'END',
  i: 'interval', interval: 'interval', p: 'profile', profile: 'profile', s: 'software', software: 'software', h: 'hardware', hardware: 'hardware',
};

const glob = (pat: string) => new RegExp(`^${pat.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`);

function resolve(provider: string, parts: string[]): ResolvedAttach[] {
  const t = ALIAS[provider];
  switch (t) {
    case 'BEGIN': case 'END': return [{ probeType: t, name: t }];
    case 'tracepoint': {
      const [cat, ev] = parts;
      return readdirSync(`${TRACEFS}/${cat}`).filter((e) => glob(ev).test(e) && existsSync(`${TRACEFS}/${cat}/${e}/format`)).sort()
        .map((e) => ({ probeType: t, name: `tracepoint:${cat}:${e}`, target: cat, func: e }));
    }
    case 'uprobe': case 'uretprobe': return [{ probeType: t, name: `${t}:${parts[0]}:${parts[1]}`, target: parts[0], func: parts[1] }];
    case 'kprobe': case 'kretprobe': return [{ probeType: t, name: `${t}:${parts[0]}`, func: parts[0] }];
    case 'interval': case 'profile':
      return [{ probeType: t, name: `${t}:${parts[0]}:${parts[1]}`, unit: parts[0] as 'hz', freq: Number(parts[1]) }];
    case 'software': case 'hardware': return [{ probeType: t, name: `${t}:${parts[0]}:${parts[1]}`, func: parts[0], freq: Number(parts[1]) }];
  }
  throw new Error(`fixture: unknown provider ${provider}`);
}

const i64: SizedType = { tag: 'int', bits: 64, signed: true };
const u64: SizedType = { tag: 'int', bits: 64, signed: false };

function typeExpr(e: Expr, attach: ResolvedAttach, maps: Map<string, MapInfo>): SizedType {
  const sub = (x: Expr) => typeExpr(x, attach, maps);
  let t: SizedType = i64;
  switch (e.kind) {
    case 'String': t = { tag: 'string', size: e.value.length + 1 }; break;
    case 'PositionalParam': t = { tag: 'string', size: 64 }; break;
    case 'Builtin':
      t = e.name === 'comm' ? { tag: 'string', size: 16 } : e.name === 'probe' ? { tag: 'special', kind: 'probe', size: 8 } : u64;
      break;
    case 'FieldAccess': {
      sub(e.expr);
      const f = kernel.tracepointFormat(attach.target ?? '', attach.func ?? '')?.fields.find((x) => x.name === e.field);
      t = f ? { tag: 'int', bits: (f.size * 8) as 64, signed: f.signed } : i64;
      if (f?.typeText.includes('*')) t = u64;
      break;
    }
    case 'Call':
      e.args.forEach(sub);
      if (e.name === 'str') t = { tag: 'string', size: 64 };
      break;
    case 'Binary': {
      const l = sub(e.left); const r = sub(e.right);
      t = { tag: 'int', bits: 64, signed: l.tag === 'int' && l.signed && r.tag === 'int' && r.signed };
      break;
    }
    case 'Unary': { const o = sub(e.operand); t = e.op === '-' ? i64 : o; break; }
    case 'Map': e.keys.forEach(sub); t = maps.get(e.name)?.value ?? i64; break;
    case 'Tuple': t = { tag: 'tuple', elems: e.elems.map(sub) }; break;
    case 'Ternary': sub(e.cond); t = sub(e.then); sub(e.else); break;
  }
  e.type = t;
  return t;
}

const AGGS = ['count', 'sum', 'min', 'max', 'avg', 'stats', 'hist', 'lhist'];

function typeStmts(stmts: Stmt[], a: ResolvedAttach, maps: Map<string, MapInfo>): void {
  for (const s of stmts) {
    if (s.kind === 'ExprStmt') typeExpr(s.expr, a, maps);
    else if (s.kind === 'AssignVar') typeExpr(s.value, a, maps);
    else if (s.kind === 'If') { typeExpr(s.cond, a, maps); typeStmts(s.then, a, maps); typeStmts(s.else ?? [], a, maps); }
    else if (s.kind === 'AssignMap') {
      const keyTypes = s.map.keys.map((k) => typeExpr(k, a, maps));
      const vt = typeExpr(s.value, a, maps);
      if (maps.has(s.map.name)) continue;
      const v = s.value;
      if (v.kind === 'Call' && AGGS.includes(v.name)) {
        const at = v.args[0]?.type;
        const signed = v.name === 'count' ? false : at?.tag === 'int' ? at.signed : true;
        const info: MapInfo = { name: s.map.name, keyTypes, value: { tag: 'agg', agg: v.name as 'count', signed }, agg: v.name as 'count' };
        if (v.name === 'lhist') {
          const [, mn, mx, st] = v.args.map((x) => (x.kind === 'Integer' ? Number(x.value) : 0));
          info.lhist = { min: mn, max: mx, step: st };
        }
        maps.set(s.map.name, info);
      } else maps.set(s.map.name, { name: s.map.name, keyTypes, value: vt });
    }
  }
}

export function checkScript(source: string, params: string[] = []): CheckedProgram {
  const { ast, diagnostics } = parse(source, { file: 'stdin' });
  if (!ast) throw new Error(`parse failed: ${JSON.stringify(diagnostics)}`);
  const maps = new Map<string, MapInfo>();
  const probes = ast.probes.map((probe, index) => {
    const attach = probe.attachPoints.flatMap((ap) => resolve(ap.provider, ap.parts));
    if (probe.predicate) typeExpr(probe.predicate, attach[0], maps);
    typeStmts(probe.body, attach[0], maps);
    const perAttachPoint = JSON.stringify(probe, (_k, v) => (typeof v === "bigint" ? String(v) : v)).includes('"name":"args"');
    return { probe, index, attach, perAttachPoint };
  });
  return { ast, probes, maps, params };
}

// ------------------------------------------------------------------ loading

const PIN = '/sys/fs/bpf/bpftrace_ts_test';

export const canLoad = (() => {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('bpftool', ['version']).status === 0 && existsSync('/sys/fs/bpf');
})();

/**
 * Load every program with `bpftool prog loadall`; returns the error text or
 * undefined. A BTF that the kernel rejects (libbpf then retries without it)
 * counts as an error. Always cleans up.
 */
export function loadAll(object: Uint8Array, file = '/tmp/bpftrace_ts_test.o'): string | undefined {
  execFileSync('rm', ['-rf', PIN]);
  require_write(file, object);
  const r = spawnSync('bpftool', ['prog', 'loadall', file, PIN], { encoding: 'utf8' });
  execFileSync('rm', ['-rf', PIN, file]);
  const btfRejected = /BTF loading error|Retrying without BTF/.test(r.stderr);
  return r.status === 0 && !btfRejected ? undefined : `${r.stderr}`.split('\n').filter((l) => !/^libbpf: elf: skipping/.test(l)).slice(-40).join('\n');
}

export function pinnedLeft(): boolean {
  return existsSync(PIN);
}

import { writeFileSync } from 'node:fs';
function require_write(file: string, bytes: Uint8Array) {
  writeFileSync(file, bytes);
}
