// The script's own view of the kernel: its C definitions (live after #if evaluation)
// shadow BTF's types, as clang sees the script's definitions first; its enumerators
// and the macros of its headers join BTF's enum values. Built once per check().
import { error, type Diagnostic, type Program } from '@bpftrace-ts/parser';
import type { BinaryTypes, KernelInfo } from '../kernel/kernel-info.js';
import { preprocess } from './preprocess.js';
import { parseCDefinitions } from './c-decl.js';
import { headerMacro } from './header-macros.js';

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

/** `includes`: headers included before the script (--include), as if by `#include <h>` lines. */
export function scriptEnv(program: Program, kernel: KernelInfo, includes: readonly string[] = []): ScriptEnv {
  const predefined = new Map<string, string>();
  // Only asked when a line tests it: answering loads BTF, which most scripts never need.
  const asksBtf = program.preprocessor.some((p) => p.text.includes('BPFTRACE_HAVE_BTF'));
  if (asksBtf && hasBtf(kernel)) predefined.set('BPFTRACE_HAVE_BTF', '1');
  const pre = preprocess(program, predefined);
  const diagnostics = [...pre.diagnostics];
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
  const view: KernelInfo = !hasOwn && !kernel.binaryTypes ? kernel : {
    ...kernel,
    get features() { return kernel.features; },
    tracepoints: () => kernel.tracepoints(),
    tracepointFormat: (c, e) => kernel.tracepointFormat(c, e),
    record: (name) => defs.records.get(name) ?? fromBinaries((b) => b.record(name)) ?? kernel.record(name),
    enumValue: (name) => defs.enums.get(name) ?? kernel.enumValue?.(name),
    typedef: (name) => defs.typedefs.get(name) ?? fromBinaries((b) => b.typedef(name)) ?? kernel.typedef?.(name),
  };
  return {
    kernel: view,
    addBinaryTypes: (types) => { if (!binaries.includes(types)) binaries.push(types); },
    macros: pre.macros,
    constant: (name) => defs.enums.get(name) ?? kernel.enumValue?.(name) ?? headerMacro(name, [...includes, ...pre.includes]),
    diagnostics,
  };
}
