// The script's own view of the kernel: its C definitions (live after #if evaluation)
// shadow BTF's types, as clang sees the script's definitions first; its enumerators
// and the macros of its headers join BTF's enum values. Built once per check().
import { error, type Diagnostic, type Program } from '@bpftrace-ts/parser';
import type { BinaryTypes, KernelInfo } from '../kernel/kernel-info.js';
import { preprocess } from './preprocess.js';
import { parseCDefinitions, type ScriptTypes } from './c-decl.js';
import { headerMacro } from './header-macros.js';
import { COMPILER_MACROS, readHeaders, type HeaderSource } from './headers.js';

export interface HeaderOptions {
  /** Finds and reads headers; without it `#include` lines only select header-macros.ts constants. */
  source?: HeaderSource;
  /** --include: headers included before the script's own (`#include <NAME>`). */
  extra?: readonly string[];
}

export interface ScriptEnv {
  kernel: KernelInfo;
  /** Object-like `#define`s: name -> replacement text. */
  macros: ReadonlyMap<string, string>;
  /** A constant from an enum (script or BTF) or an included header's #define. */
  constant(name: string): bigint | undefined;
  diagnostics: Diagnostic[];
  /**
   * Makes a uprobe target's debug-info types visible (after the script's own, before the
   * kernel's BTF): bpftrace reads the binaries' DWARF for the casts and members of a script.
   */
  addBinaryTypes(types: BinaryTypes): void;
}

/** bpftrace defines BPFTRACE_HAVE_BTF when the kernel has BTF; a kernel with BTF knows task_struct. */
function hasBtf(kernel: KernelInfo): boolean {
  try { return kernel.record('task_struct') !== undefined; } catch { return false; }
}

export function scriptEnv(program: Program, kernel: KernelInfo, headers: HeaderOptions = {}): ScriptEnv {
  const predefined = new Map<string, string>();
  // Only asked when a line tests it: answering loads BTF, which most scripts never need.
  const asksBtf = program.preprocessor.some((p) => p.text.includes('BPFTRACE_HAVE_BTF'));
  if (asksBtf && hasBtf(kernel)) predefined.set('BPFTRACE_HAVE_BTF', '1');
  const pre = preprocess(program, predefined);
  const diagnostics = [...pre.diagnostics];
  // Headers first, as clang reads the includes: their types sit under the script's own.
  let kernelWithHeaders = kernel;
  let headerMacros: ReadonlyMap<string, string> = new Map();
  if (headers.source) {
    const names = [...(headers.extra ?? []).map((name) => ({ name, quoted: false })), ...pre.includeLines];
    const read = readHeaders(names, headers.source, new Map([...COMPILER_MACROS, ...predefined]));
    if (read.missing !== undefined) {
      // As clang's fatal error, which stops bpftrace 0.17 there; located at the #include.
      const line = pre.includeLines.find((l) => l.name === read.missing);
      diagnostics.push(error('pre/header-not-found', `'${read.missing}' file not found`, line?.range));
      return { kernel, macros: pre.macros, constant: () => undefined, diagnostics, addBinaryTypes: () => {} };
    }
    headerMacros = read.macros;
    const own = parseCDefinitions(read.declarations, kernel);
    // (declarations clang would take but ours cannot parse are left out: BTF may still know the type)
    if (own.records.size + own.enums.size + own.typedefs.size > 0) kernelWithHeaders = overlay(kernel, own);
  }
  const macros = new Map([...headerMacros, ...pre.macros]);
  kernel = kernelWithHeaders;
  const defs = parseCDefinitions(pre.definitions.map((d) => d.text), kernel);
  defs.errors.forEach((msg, i) => {
    if (msg !== undefined) diagnostics.push(error('type/c-definition', `Cannot parse C definition: ${msg}`, pre.definitions[i]!.range));
  });
  const hasOwn = defs.records.size + defs.enums.size + defs.typedefs.size > 0;
  const binaries: BinaryTypes[] = [];
  const fromBinaries = <T>(get: (b: BinaryTypes) => T | undefined): T | undefined => {
    for (const b of binaries) { const v = get(b); if (v !== undefined) return v; }
    return undefined;
  };
  // The script's definitions, then the uprobe targets' debug info, then headers and BTF.
  const view: KernelInfo = !hasOwn && !kernel.binaryTypes ? kernel : {
    ...kernel,
    get features() { return kernel.features; },
    tracepoints: () => kernel.tracepoints(),
    tracepointFormat: (c, e) => kernel.tracepointFormat(c, e),
    record: (name) => defs.records.get(name) ?? fromBinaries((b) => b.record(name)) ?? kernel.record(name),
    enumValue: (name) => defs.enums.get(name) ?? kernel.enumValue?.(name),
    typedef: (name) => defs.typedefs.get(name) ?? fromBinaries((b) => b.typedef(name)) ?? kernel.typedef?.(name),
  };
  const extra = headers.extra ?? [];
  return {
    kernel: view,
    addBinaryTypes: (types) => { if (!binaries.includes(types)) binaries.push(types); },
    macros,
    constant: (name) => defs.enums.get(name) ?? kernel.enumValue?.(name) ?? headerMacro(name, [...extra, ...pre.includes]),
    diagnostics,
  };
}

/** `kernel` with `types` over it (a name `types` defines hides the kernel's). */
function overlay(kernel: KernelInfo, types: ScriptTypes): KernelInfo {
  return {
    ...kernel,
    get features() { return kernel.features; },
    tracepoints: () => kernel.tracepoints(),
    tracepointFormat: (c, e) => kernel.tracepointFormat(c, e),
    record: (name) => types.records.get(name) ?? kernel.record(name),
    enumValue: (name) => types.enums.get(name) ?? kernel.enumValue?.(name),
    typedef: (name) => types.typedefs.get(name) ?? kernel.typedef?.(name),
  };
}
