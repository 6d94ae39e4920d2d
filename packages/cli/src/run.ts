// The main command: read the script, parse, check against this kernel, compile,
// then either dump (-d, --emit-elf: dry runs) or run a session. Every failure is a
// message and an exit code; nothing here throws at the user.

import { readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { attachPointName, hasErrors, parse, renderDiagnostic, type Diagnostic } from '@bpftrace-ts/parser';
import type { KernelInfo } from '@bpftrace-ts/typecheck';
import type { Manifest } from '@bpftrace-ts/codegen';
import { countProbes, runSessionDetailed, supportedMapTypes, withoutMissingUprobes } from '@bpftrace-ts/runtime';
import type { MainOptions } from './args.js';
import { linuxKernelInfo } from './kernel/index.js';
import { readScript } from './source.js';
import { frontend, backend } from './pipeline.js';
import { resolveProbeTargets } from './targets.js';
import { usdtLocations, processAlive, watchProcess, PID_GONE } from './user-probes.js';
import { dumpAst, dumpIr, dumpManifest } from './dump.js';
import { listProbes, missingListTarget } from './list-probes.js';
import { infoText } from './info.js';
import { openOutput } from './output.js';
import { shellSplit } from './shell-split.js';
import { NOT_ROOT, bpfUnavailable, isRoot } from './preflight.js';
import { describeFsError } from './source.js';
import { btfPathFromEnv, logSizeFromEnv, userSymbolsFromEnv, mapKeysMaxFromEnv, maxProbesFromEnv, ringbufSizeFromEnv, tooManyProbes } from './env-vars.js';
import { locateHelperErrors } from './helper-sites.js';

/**
 * bpftrace 0.17's `return -1` from main: a script file it cannot read, a -c command it cannot
 * start, and every failure once it runs (loading, attaching, BEGIN). Other errors exit 1.
 */
export const EXIT_RUN_FAILED = 255;

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
    const kernel = linuxKernelInfo();
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

  const mapKeys = mapKeysMaxFromEnv(process.env);
  if (mapKeys.error) return fail(mapKeys.error);
  const maxProbes = maxProbesFromEnv(process.env);
  if (maxProbes.error) return fail(maxProbes.error);
  const userSymbols = userSymbolsFromEnv(process.env);
  if (userSymbols.error) return fail(userSymbols.error);
  const logSize = logSizeFromEnv(process.env);
  if (logSize.error) return fail(logSize.error);
  const btf = btfPathFromEnv(process.env, (p) => readFileSync(p));
  if (btf.error) return fail(btf.error);
  const kernel: KernelInfo = linuxKernelInfo({ btfPath: btf.value });
  const dryRun = o.dump.length > 0 || o.emitElf !== undefined;

  const front = frontend(text, {
    file: name, kernel, params: o.params, unsafe: o.unsafe, hasChild: o.command !== undefined, includeDirs: o.includeDirs, includes: o.includes,
  });
  if (o.dump.includes('ast') && front.ast) io.out(dumpAst(front.ast, false));
  if (!front.checked || hasErrors(front.diagnostics)) { printDiags(front.diagnostics); return 1; }
  const checked = front.checked;
  const targetMessages: string[] = [];
  const targetDiags = resolveProbeTargets(checked, name, o.pid, targetMessages);
  printDiags([...front.diagnostics, ...targetDiags]);
  for (const m of targetMessages) io.err(m + '\n');
  if (hasErrors(targetDiags)) return 1;
  if (o.dump.includes('checked')) io.out(dumpAst(checked.ast, true));

  // -d without ir/manifest needs no codegen; -d ir alone needs no llc.
  const wantsObject = !dryRun || o.emitElf !== undefined;
  if (dryRun && !wantsObject && !o.dump.includes('ir') && !o.dump.includes('manifest')) return 0;
  const back = backend(checked, kernel, {
    file: name, irOnly: !wantsObject, ringbufSize: ringbufSizeFromEnv(process.env, availableParallelism()),
    mapMaxEntries: mapKeys.value, helperErrors: o.helperErrors > 0, lookupErrors: o.helperErrors > 1,
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

  return runProgram(o, io, back.object!, back.manifest!);
}

async function runProgram(o: MainOptions, io: Stdio, object: Uint8Array, checkedManifest: Manifest): Promise<number> {
  const fail = (message: string) => { io.err(`ERROR: ${message}\n`); return 1; };
  const noBpf = bpfUnavailable();
  if (noBpf) return fail(noBpf);

  // Like bpftrace 0.17: uprobes on symbols the binary lacks are left out silently; with
  // nothing left to attach it says so (on stdout, not with -q) and fails.
  const manifest = withoutMissingUprobes(checkedManifest);
  for (const p of manifest.programs) {
    for (const a of p.attach) if (a.type === 'usdt') a.locations = usdtLocations(a.binary, a.provider, a.name);
  }
  const probes = countProbes(manifest);
  if (probes === 0) {
    if (!o.quiet) io.out('No probes to attach\n');
    return 1;
  }
  const maxProbes = maxProbesFromEnv(process.env).value;
  if (probes > maxProbes) return fail(tooManyProbes(probes, maxProbes));

  let command: string[] | undefined;
  if (o.command !== undefined) {
    const split = shellSplit(o.command);
    if (!split.ok) { fail(`cannot parse -c command: ${split.message}`); return EXIT_RUN_FAILED; }
    command = split.argv;
  }
  // -p: like the child of -c, the traced process ending ends the run (END runs, maps print).
  let watched: ReturnType<typeof watchProcess> | undefined;
  if (o.pid !== undefined) {
    if (!processAlive(o.pid)) return fail(PID_GONE);
    watched = watchProcess(o.pid);
  }
  const opened = openOutput(o.outputFile, o.bufferMode);
  if (!opened.ok) return fail(opened.message);
  const output = opened.output;
  try {
    // The runtime handles SIGINT/SIGTERM itself: END runs, maps print, all detaches.
    const r = await runSessionDetailed({
      object, manifest, format: o.format, quiet: o.quiet, userSymbols: userSymbolsFromEnv(process.env).value,
      write: (t) => output.write(t),
      writeConsole: (t) => io.out(t),
      writeError: (t) => io.err(t),
      childCommand: command,
      pid: o.pid,
      onAttached: () => { if (notifyAttached()) io.err(`${NOTIFY_ATTACHED}\n`); },
      signal: watched?.signal,
    });
    // (an unresolved kaddr() symbol is a compile error to bpftrace 0.17: exit 1)
    if (r.error) { fail(r.error.message); return r.error.kind === 'unresolved-kernel-symbol' ? 1 : EXIT_RUN_FAILED; }
    return r.exitCode;
  } finally {
    watched?.stop();
    output.close();
  }
}

/**
 * bpftrace's own test suite sets this variable and waits for this line (on stderr) before
 * it starts the workload of a test: bpftrace 0.17 prints it once every probe is attached.
 */
const NOTIFY_ATTACHED = '__BPFTRACE_NOTIFY_PROBES_ATTACHED';
const notifyAttached = () => process.env[NOTIFY_ATTACHED] !== undefined;

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
