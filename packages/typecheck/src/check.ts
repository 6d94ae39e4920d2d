// check(): probe expansion, then semantic passes over every probe. Map types are
// settled by running the passes silently until they stop changing (a map may be
// read in the text before the probe that assigns it), then once more reporting.
import { error, type Program, type Diagnostic } from '@bpftrace-ts/parser';
import type { CheckedProgram, CheckedProbe, MapInfo } from './checked.js';
import type { KernelInfo } from './kernel/kernel-info.js';
import { Context, type CheckOptions } from './passes/context.js';
import { expandAttachPoint } from './passes/probe-expansion.js';
import { withParams } from './passes/attach-params.js';
import { checkStmts, checkCondition } from './passes/statements.js';
import { typeName } from './sized.js';
import { lookupProbeType } from './tables/probes.js';
import { scriptEnv, type ScriptEnv } from './cdefs/script-kernel.js';

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
    // From the attach points as written: a wildcard matching nothing still fixes the kind.
    ctx.probeTypes = [...new Set([...cp.attach.map((a) => a.probeType),
      ...cp.probe.attachPoints.flatMap((ap) => lookupProbeType(ap.provider)?.type ?? [])])];
    ctx.usesArgs = false;
    const pred = cp.probe.predicate;
    if (pred) {
      // bpftrace's predicate range includes the surrounding slashes.
      const { start, end } = pred.range;
      const r = { start: { ...start, column: start.column - 1, offset: start.offset - 1 }, end: { ...end, column: end.column + 1, offset: end.offset + 1 } };
      checkCondition(ctx, pred, 'predicate', r);
    }
    checkStmts(ctx, cp.probe.body);
    cp.perAttachPoint = ctx.usesArgs;
    cp.vars = new Map(ctx.vars);
  }
  return ctx;
}

export function check(ast: Program, kernel: KernelInfo, opts: CheckOptions): CheckResult {
  try {
    return checkUnsafe(ast, kernel, opts);
  } catch (e) {
    // A checker bug must not escape as an exception: report it as a diagnostic.
    const d = error('type/internal', `internal error in the type checker: ${e instanceof Error ? e.message : String(e)}`);
    return { diagnostics: [d] };
  }
}

function checkUnsafe(ast: Program, baseKernel: KernelInfo, opts: CheckOptions): CheckResult {
  // #if/#define/#include and the script's C definitions first: they change what names mean.
  const env = scriptEnv(ast, baseKernel);
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
