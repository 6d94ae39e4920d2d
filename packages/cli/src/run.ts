// The main command: read the script, parse, check against this kernel, compile,
// then either dump (-d, --emit-elf: dry runs) or run a session. Every failure is a
// message and an exit code; nothing here throws at the user.

import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { attachPointName, hasErrors, parse, renderDiagnostic, type Diagnostic } from '@bpftrace-ts/parser';
import type { KernelInfo } from '@bpftrace-ts/typecheck';
import { EXIT_RUN_FAILED, runCompiled, supportedMapTypes } from '@bpftrace-ts/runtime';
import type { MainOptions } from './args.js';
import { linuxKernelInfo } from './kernel/index.js';
import { readScript } from './source.js';
import { frontend, backend } from './pipeline.js';
import { hostUserSymbolSize, resolveProbeTargets } from './targets.js';
import { resolveWatchpointTargets } from './watchpoint-targets.js';
import { dumpAst, dumpIr, dumpManifest } from './dump.js';
import { listProbes, missingListTarget } from './list-probes.js';
import { infoText } from './info.js';
import { NOT_ROOT, isRoot } from './preflight.js';
import { describeFsError } from './source.js';
import { btfPathFromEnv, catBytesMaxFromEnv, logSizeFromEnv, userSymbolsFromEnv, mapKeysMaxFromEnv, maxProbesFromEnv, ringbufSizeFromEnv, strlenFromEnv } from './env-vars.js';
import { locateHelperErrors } from './helper-sites.js';

// bpftrace 0.17's `return -1` from main (255): the runtime's, which runs compiled scripts.
export { EXIT_RUN_FAILED };

/** The process's two streams, injectable for tests. */
export interface Stdio {
  out(text: string): void;
  err(text: string): void;
  stdin: NodeJS.ReadableStream;
}

export async function runMain(o: MainOptions, io: Stdio): Promise<number> {
  const fail = (message: string) => { io.err(`ERROR: ${message}\n`); return 1; };

  if (o.info) {
    if (!isRoot()) return fail(NOT_ROOT);
    io.out(infoText(linuxKernelInfo(), supportedMapTypes()));
    return 0;
  }

  if (o.list) {
    if (!isRoot()) return fail(NOT_ROOT);
    const kernel = linuxKernelInfo({ pid: o.pid });
    if (o.program === undefined) {
      // bpftrace 0.17 reads the search with its program lexer: a character no probe name
      // can hold (a stray `\`, an open quote) is its lexer's error.
      const lexError = o.listSearch === undefined ? undefined
        : parse(o.listSearch, { file: 'stdin' }).diagnostics.find((d) => d.code === 'parse/lex');
      if (lexError) { io.err(renderDiagnostic(lexError, o.listSearch!) + '\n'); return 1; }
      const missing = missingListTarget(o.listSearch, o.pid);
      if (missing) { io.err(renderDiagnostic(missing, o.listSearch!) + '\n'); return 1; }
      io.out(listProbes(kernel, o.listSearch, o.verbose, o.pid));
      return 0;
    }
    // `-l -e 'program'`: list what each of the program's attach points matches.
    const parsed = parse(o.program, { file: 'stdin' });
    if (!parsed.ast) { for (const d of parsed.diagnostics) io.err(renderDiagnostic(d, o.program) + '\n'); return 1; }
    const names = parsed.ast.probes.flatMap((p) => p.attachPoints.map(attachPointName));
    io.out([...new Set(names.map((n) => listProbes(kernel, n, o.verbose, o.pid)))].join(''));
    return 0;
  }

  // Like bpftrace: an unreadable file is reported before the root check.
  const read = await readScript(o, io.stdin);
  if (!read.ok) { fail(read.message); return EXIT_RUN_FAILED; }
  if (!isRoot()) return fail(NOT_ROOT);
  const { text, name } = read.source;

  const printDiags = (diags: readonly Diagnostic[]) => {
    for (const d of diags) {
      if (d.severity === 'warning' && o.noWarnings) continue;
      io.err(renderDiagnostic(d, text) + '\n');
    }
  };

  // In bpftrace 0.17's order: a bad variable is reported before the script is looked at.
  const strlen = strlenFromEnv(process.env);
  if (strlen.error) return fail(strlen.error);
  const mapKeys = mapKeysMaxFromEnv(process.env);
  if (mapKeys.error) return fail(mapKeys.error);
  const catBytes = catBytesMaxFromEnv(process.env);
  if (catBytes.error) return fail(catBytes.error);
  const maxProbes = maxProbesFromEnv(process.env);
  if (maxProbes.error) return fail(maxProbes.error);
  const userSymbols = userSymbolsFromEnv(process.env);
  if (userSymbols.error) return fail(userSymbols.error);
  const logSize = logSizeFromEnv(process.env);
  if (logSize.error) return fail(logSize.error);
  const btf = btfPathFromEnv(process.env, (p) => readFileSync(p));
  if (btf.error) return fail(btf.error);
  const kernel: KernelInfo = linuxKernelInfo({ pid: o.pid, btfPath: btf.value });
  const dryRun = o.dump.length > 0 || o.emitElf !== undefined;

  const front = frontend(text, {
    file: name, kernel, params: o.params, unsafe: o.unsafe, hasChild: o.command !== undefined, strlen: strlen.value,
    includeDirs: o.includeDirs, includes: o.includes, userSymbolSize: (target, sym) => hostUserSymbolSize(target, sym, o.pid),
  });
  if (o.dump.includes('ast') && front.ast) io.out(dumpAst(front.ast, false));
  if (!front.checked || hasErrors(front.diagnostics)) { printDiags(front.diagnostics); return 1; }
  const checked = front.checked;
  const targetMessages: string[] = [];
  const targetDiags = [...resolveProbeTargets(checked, name, o.pid, targetMessages),
    ...resolveWatchpointTargets(checked, name, { command: o.command, pid: o.pid })];
  printDiags([...front.diagnostics, ...targetDiags]);
  for (const m of targetMessages) io.err(m + '\n');
  if (hasErrors(targetDiags)) return 1;
  if (o.dump.includes('checked')) io.out(dumpAst(checked.ast, true));

  // -d without ir/manifest needs no codegen; -d ir alone needs no llc.
  const wantsObject = !dryRun || o.emitElf !== undefined;
  if (dryRun && !wantsObject && !o.dump.includes('ir') && !o.dump.includes('manifest')) return 0;
  const back = backend(checked, kernel, {
    file: name, irOnly: !wantsObject, ringbufSize: ringbufSizeFromEnv(process.env, availableParallelism()),
    mapMaxEntries: mapKeys.value, helperErrors: o.helperErrors,
  });
  if (back.manifest) locateHelperErrors(back.manifest, text, name);
  printDiags(back.diagnostics);
  if (o.dump.includes('ir') && back.ir) io.out(dumpIr(back.ir, o.dumpVerbose));
  if (o.dump.includes('manifest') && back.manifest) io.out(dumpManifest(back.manifest, o.dump.length > 1));
  if (hasErrors(back.diagnostics)) return 1;

  if (o.emitLlvm !== undefined && back.ir) {
    // We do not optimise IR ourselves (llc does): both files hold the same module.
    const w = writeFiles([[`${o.emitLlvm}.original.ll`, back.ir], [`${o.emitLlvm}.optimized.ll`, back.ir]]);
    if (w) return fail(w);
  }
  if (o.emitElf !== undefined) {
    const w = writeFiles([[o.emitElf, back.object!]]);
    return w ? fail(w) : 0;
  }
  if (dryRun) return 0;

  return runCompiled({ ...o, catBytesMax: catBytes.value, maxProbes: maxProbes.value, userSymbols: userSymbols.value }, io, back.object!, back.manifest!);
}

function writeFiles(files: [string, string | Uint8Array][]): string | undefined {
  for (const [path, data] of files) {
    try {
      writeFileSync(path, data);
    } catch (e) {
      return `failed to write '${path}': ${describeFsError(e)}`;
    }
  }
  return undefined;
}
