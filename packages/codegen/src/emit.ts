// Whole-module assembly: maps, ring buffer, license, programs, debug info, manifest.

import { someNode, type Node } from '@bpftrace-ts/parser';
import type { CheckedProgram } from '@bpftrace-ts/typecheck';
import type { CodegenOptions, ModuleCtx } from './context.js';
import { DebugInfo } from './debuginfo.js';
import { EventTable, LOST_EVENTS_NAME, RINGBUF_NAME } from './events.js';
import { ModuleBuilder, cString } from './ir-builder.js';
import { ARTIFACT_FORMAT, ARTIFACT_VERSION, type Manifest, type ProgramSpec } from './manifest.js';
import { paramSymbol } from './param-globals.js';
import { BPF_MAP_TYPE, ZERO_MAP, ZERO_ON_STACK_MAX, defineBpfMap, defineScriptMap, mapGlobalRef, mapSpecFor } from './maps.js';
import { genProbe, genStartTimeProgram } from './probes.js';
import { USDT_SPEC_SIZE, USDT_SPECS_MAP, USDT_SPECS_MAX } from './usdt-spec.js';
import type { Diagnostic } from '@bpftrace-ts/parser';

export const ELAPSED_MAP = 'elapsed_start';

/** True when any expression in the program is the builtin `name`. */
function usesBuiltin(roots: readonly Node[], name: string): boolean {
  return someNode(roots, (n) => n.kind === 'Builtin' && n.name === name);
}

export interface EmitResult {
  ir: string;
  manifest: Manifest;
  diagnostics: Diagnostic[];
}

/** Name of the map holding the -c child's pid (Manifest.cpidMap). */
export const CPID_MAP = 'cpid';

export function emitModule(checked: CheckedProgram, options: CodegenOptions = {}): EmitResult {
  const mod = new ModuleBuilder();
  const di = new DebugInfo();
  const ringbufGlobal = defineBpfMap(mod, di, RINGBUF_NAME, BPF_MAP_TYPE.ringbuf, options.ringbufSize ?? 1 << 20);
  const lostGlobal = defineBpfMap(mod, di, LOST_EVENTS_NAME, BPF_MAP_TYPE.percpu_array, 1, 'u32', 8);
  const m: ModuleCtx = {
    checked, options, mod, di,
    maps: new Map(),
    events: new EventTable(),
    ringbuf: mapGlobalRef({ globalType: ringbufGlobal, bpfName: RINGBUF_NAME }),
    lostEvents: mapGlobalRef({ globalType: lostGlobal, bpfName: LOST_EVENTS_NAME }),
    diagnostics: [],
    stackMaps: [],
    strftimeFormats: [],
    cgroupPathFilters: [],
    watchpoints: [],
    paramGlobals: new Set(),
  };
  const taken = new Set<string>();
  for (const info of checked.maps.values()) {
    const spec = mapSpecFor(info, taken, options.mapMaxEntries ?? 4096);
    m.maps.set(info.name, defineScriptMap(mod, di, spec));
  }
  const bigHash = [...m.maps.values()].filter((c) => c.spec.bpfType.endsWith('hash') && c.spec.valueSize > ZERO_ON_STACK_MAX);
  if (bigHash.length) {
    const size = Math.max(...bigHash.map((c) => c.spec.valueSize));
    const t = defineBpfMap(mod, di, ZERO_MAP, BPF_MAP_TYPE.array, 1, 'u32', size);
    m.zeroMap = mapGlobalRef({ globalType: t, bpfName: ZERO_MAP });
  }
  const elapsed = usesBuiltin(checked.probes.map((p) => p.probe), 'elapsed');
  if (elapsed) {
    const t = defineBpfMap(mod, di, ELAPSED_MAP, BPF_MAP_TYPE.array, 1, 'u32', 8);
    m.elapsedMap = mapGlobalRef({ globalType: t, bpfName: ELAPSED_MAP });
  }
  const cpid = usesBuiltin(checked.probes.map((p) => p.probe), 'cpid');
  if (cpid) {
    const t = defineBpfMap(mod, di, CPID_MAP, BPF_MAP_TYPE.array, 1, 'u32', 8);
    m.cpidMap = mapGlobalRef({ globalType: t, bpfName: CPID_MAP });
  }
  // The runtime writes each usdt call site's argument spec here (usdt-spec.ts).
  if (checked.probes.some((p) => p.attach.some((a) => a.probeType === 'usdt'))) {
    const specs = defineBpfMap(mod, di, USDT_SPECS_MAP, BPF_MAP_TYPE.array, USDT_SPECS_MAX, 'u32', USDT_SPEC_SIZE);
    m.usdtSpecs = mapGlobalRef({ globalType: specs, bpfName: USDT_SPECS_MAP });
  }
  const license = new TextEncoder().encode('GPL\0');
  mod.addGlobal(`@LICENSE = global [4 x i8] ${cString(license)}, section "license", align 1`, '@LICENSE');

  // Probe ids: every attach point of every clause, in order. They are the attach cookies too.
  const probeNames: string[] = [];
  const programs: ProgramSpec[] = [];
  if (elapsed && !checked.probes.some((p) => p.attach.some((a) => a.probeType === 'BEGIN'))) programs.push(genStartTimeProgram(m));
  for (const probe of checked.probes) {
    const ids = probe.attach.map((a) => probeNames.push(a.name) - 1);
    programs.push(...genProbe(m, probe, ids));
  }
  mod.namedMetadata = di.named();
  mod.metadata = di.nodesText();
  const manifest: Manifest = {
    format: ARTIFACT_FORMAT,
    version: ARTIFACT_VERSION,
    programs,
    maps: [...m.maps.values()].map((c) => c.spec),
    events: m.events.specs,
    ringbuf: RINGBUF_NAME,
    probeNames,
  };
  manifest.lostEventsMap = LOST_EVENTS_NAME;
  if (cpid) manifest.cpidMap = CPID_MAP;
  if (m.stackMaps.length) manifest.stackMaps = m.stackMaps.map((s) => s.spec);
  if (m.strftimeFormats.length) manifest.strftimeFormats = m.strftimeFormats;
  if (m.cgroupPathFilters.length) manifest.cgroupPathFilters = m.cgroupPathFilters;
  if (m.watchpoints.length) manifest.watchpoints = m.watchpoints;
  if (m.paramGlobals.size) manifest.paramGlobals = [...m.paramGlobals].sort((a, b) => a - b).map((index) => ({ index, symbol: paramSymbol(index) }));
  return { ir: mod.print(), manifest, diagnostics: m.diagnostics };
}
