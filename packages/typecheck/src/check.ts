// check(): probe expansion, then semantic passes over every probe. Map types are
// settled by running the passes silently until they stop changing (a map may be
// read in the text before the probe that assigns it), then once more reporting.
import { error, type Program, type Diagnostic } from '@bpftrace-ts/parser';
import type { CheckedProgram, CheckedProbe, MapInfo, ResolvedAttach } from './checked.js';
import type { KernelInfo } from './kernel/kernel-info.js';
import { Context, type CheckOptions } from './passes/context.js';
import { expandAttachPoint } from './passes/probe-expansion.js';
import { withParams } from './passes/attach-params.js';
import { checkStmts, checkCondition } from './passes/statements.js';
import { typeName } from './sized.js';
import { lookupProbeType } from './tables/probes.js';
import { scriptEnv, type ScriptEnv } from './cdefs/script-kernel.js';
import { describeValue, kernelInfoProblem, KernelDataError } from './kernel/kernel-info-shape.js';

export type { CheckOptions } from './passes/context.js';

export interface CheckResult {
  program?: CheckedProgram;
  diagnostics: Diagnostic[];
}

const MAX_SILENT_PASSES = 4;

function signature(maps: ReadonlyMap<string, MapInfo>): string {
  return [...maps.values()].map((m) => `${m.name}[${m.keyTypes.map(typeName)}]=${typeName(m.value)}`).sort().join(';');
}

function runPass(env: ScriptEnv, opts: CheckOptions, probes: CheckedProbe[],
  known: ReadonlyMap<string, MapInfo>, final: boolean): Context {
  const ctx = new Context(env.kernel, opts, known, final, env);
  for (const cp of probes) {
    ctx.vars = new Map();
    ctx.poisoned = new Set();
    ctx.loopDepth = 0;
    ctx.attach = cp.attach;
    ctx.attachPoints = cp.probe.attachPoints;
    // From the attach points as written: a wildcard matching nothing still fixes the kind.
    ctx.probeTypes = [...new Set([...cp.attach.map((a) => a.probeType),
      ...cp.probe.attachPoints.flatMap((ap) => lookupProbeType(ap.provider)?.type ?? [])])];
    ctx.usesArgs = false;
    ctx.usesProbe = false;
    const pred = cp.probe.predicate;
    if (pred) {
      // bpftrace's predicate range includes the surrounding slashes.
      const { start, end } = pred.range;
      const r = { start: { ...start, column: start.column - 1, offset: start.offset - 1 }, end: { ...end, column: end.column + 1, offset: end.offset + 1 } };
      checkCondition(ctx, pred, 'predicate', r);
    }
    checkStmts(ctx, cp.probe.body);
    cp.perAttachPoint = ctx.usesArgs;
    if (final && ctx.usesProbe) cp.attach = withoutUnknownKprobes(cp.attach, env.kernel);
    cp.vars = new Map(ctx.vars);
  }
  return ctx;
}

/**
 * A clause that reads `probe` has its attach points expanded the way bpftrace 0.17 expands
 * wildcards: a kprobe naming a function the kernel does not have matches nothing and is left
 * out, not attached (and failing). 0.17 matches against available_filter_functions only, so
 * where that is unreadable it drops every such kprobe; we match against kernelFunctions()
 * (kallsyms then), keeping the ones that exist.
 */
function withoutUnknownKprobes(attach: ResolvedAttach[], kernel: KernelInfo): ResolvedAttach[] {
  const fns = kernel.kernelFunctions?.();
  if (!fns || fns.length === 0) return attach;
  const known = new Set(fns);
  return attach.filter((a) => (a.probeType !== 'kprobe' && a.probeType !== 'kretprobe') || a.func === undefined || known.has(a.func));
}

/** A caller's wrong argument is a TypeError naming it; the script's faults are diagnostics. */
function checkArguments(ast: unknown, kernel: unknown, opts: unknown): void {
  const a = ast as { probes?: unknown; preprocessor?: unknown; definitions?: unknown } | null;
  if (a === null || typeof a !== 'object' || !Array.isArray(a.probes) || !Array.isArray(a.preprocessor) || !Array.isArray(a.definitions)) {
    throw new TypeError(`check: ast must be a Program from parse(), got ${describeValue(ast)}`);
  }
  const k = kernelInfoProblem(kernel);
  if (k) throw new TypeError(`check: kernel ${k}`);
  if (opts === null || typeof opts !== 'object') throw new TypeError(`check: options must be an object, got ${describeValue(opts)}`);
  const o = opts as Record<string, unknown>;
  if (o.params !== undefined && !(Array.isArray(o.params) && o.params.every((p) => typeof p === 'string'))) {
    throw new TypeError(`check: options.params must be an array of strings, got ${describeValue(o.params)}`);
  }
  if (o.unsafe !== undefined && typeof o.unsafe !== 'boolean') throw new TypeError(`check: options.unsafe must be a boolean, got ${describeValue(o.unsafe)}`);
  if (o.file !== undefined && typeof o.file !== 'string') throw new TypeError(`check: options.file must be a string, got ${describeValue(o.file)}`);
  if (o.includes !== undefined && !(Array.isArray(o.includes) && o.includes.every((p) => typeof p === 'string'))) {
    throw new TypeError(`check: options.includes must be an array of strings, got ${describeValue(o.includes)}`);
  }
  if (o.strlen !== undefined && !(Number.isInteger(o.strlen) && (o.strlen as number) > 0)) {
    throw new TypeError(`check: options.strlen must be a positive integer, got ${describeValue(o.strlen)}`);
  }
  if (o.userSymbolSize !== undefined && typeof o.userSymbolSize !== 'function') {
    throw new TypeError(`check: options.userSymbolSize must be a function, got ${describeValue(o.userSymbolSize)}`);
  }
}

export function check(ast: Program, kernel: KernelInfo, opts: CheckOptions): CheckResult {
  checkArguments(ast, kernel, opts);
  if (opts.params === undefined) opts = { ...opts, params: [] };
  try {
    return checkUnsafe(ast, kernel, opts);
  } catch (e) {
    if (e instanceof KernelDataError) return { diagnostics: [error('type/kernel-data', e.message)] };
    // A checker bug must not escape as an exception: report it as a diagnostic.
    const d = error('type/internal', `internal error in the type checker: ${e instanceof Error ? e.message : String(e)}`);
    return { diagnostics: [d] };
  }
}

function checkUnsafe(ast: Program, baseKernel: KernelInfo, opts: CheckOptions): CheckResult {
  // #if/#define/#include and the script's C definitions first: they change what names mean.
  const env = scriptEnv(ast, baseKernel, opts.headers);
  const kernel = env.kernel;
  const diagnostics: Diagnostic[] = env.diagnostics;
  for (const d of diagnostics) if (opts.file !== undefined) d.file = opts.file;
  const probes: CheckedProbe[] = [];
  ast.probes.forEach((probe, index) => {
    const attach = [];
    for (const ap of probe.attachPoints) {
      const r = expandAttachPoint(withParams(ap, opts.params ?? []), kernel);
      for (const d of r.diagnostics) if (opts.file !== undefined) d.file = opts.file;
      diagnostics.push(...r.diagnostics);
      attach.push(...r.attach);
    }
    probes.push({ probe, index, attach, perAttachPoint: false });
  });
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  for (const cp of probes) for (const a of cp.attach) {
    if ((a.probeType === 'uprobe' || a.probeType === 'uretprobe') && a.target !== undefined && !a.target.includes('*')) {
      const types = kernel.binaryTypes?.(a.target);
      if (types) env.addBinaryTypes(types);
    }
  }

  let known: ReadonlyMap<string, MapInfo> = new Map();
  for (let i = 0; i < MAX_SILENT_PASSES; i++) {
    const ctx = runPass(env, opts, probes, known, false);
    const settled = signature(ctx.maps) === signature(known);
    known = ctx.maps;
    if (settled) break;
  }
  const ctx = runPass(env, opts, probes, known, true);
  diagnostics.push(...ctx.diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return { program: { ast, probes, maps: ctx.maps, params: opts.params }, diagnostics };
}
