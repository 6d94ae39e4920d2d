// Runs a compiled program (object + manifest) as bpftrace does: the -c child or -p process,
// the output (stdout or -o, -B), what is attached, the exit status. Shared by the CLI (after
// compiling, or `bpftrace-ts run`) and the runtime's own `bpftrace-ts-run`.
import { existsSync, readFileSync } from 'node:fs';
import type { Manifest } from '@bpftrace-ts/artifact';
import { countProbes, withoutMissingUprobes } from '../attach.js';
import { runSessionDetailed } from '../session.js';
import type { UserSymbolOptions } from '../resolvers.js';
import { readUsdtNotes } from '../symbols/usdt-notes.js';
import { openOutput } from './output.js';
import { PID_GONE, processAlive, watchProcess } from './processes.js';
import { splitCommand } from './command-split.js';

/**
 * bpftrace 0.17's `return -1` from main: a script file it cannot read, a -c command it cannot
 * start, and every failure once it runs (loading, attaching, BEGIN). Other errors exit 1.
 */
export const EXIT_RUN_FAILED = 255;

/** Where a run writes: the process's stdout and stderr (injectable for tests). */
export interface RunnerIo {
  out(text: string): void;
  err(text: string): void;
}

/** The options that still make sense once a script is compiled. */
export interface RunOptions {
  format: 'text' | 'json';
  quiet: boolean;
  /** -o: the file the output goes to (stdout otherwise). */
  outputFile?: string;
  /** -B. */
  bufferMode?: 'full' | 'line' | 'none';
  /** -c: a command line, split at spaces as bpftrace splits it. */
  command?: string;
  /** -p. */
  pid?: number;
  /** BPFTRACE_CAT_BYTES_MAX: how much of a file cat() prints (default 10240). */
  catBytesMax?: number;
  /** BPFTRACE_MAX_PROBES: the most attach points (BEGIN and END count) a run may attach. */
  maxProbes?: number;
  /** BPFTRACE_NO_USER_SYMBOLS, BPFTRACE_NO_CPP_DEMANGLE. */
  userSymbols?: UserSymbolOptions;
}

/** bpftrace 0.17's refusal of a program with more attach points than BPFTRACE_MAX_PROBES. */
export function tooManyProbes(count: number, max: number): string {
  return `Can't attach to ${count} probes because it exceeds the current limit of ${max} probes.\n` +
    'You can increase the limit through the BPFTRACE_MAX_PROBES environment variable, but BE CAREFUL since a high number of probes attached can cause your system to crash.';
}

/** undefined when BPF programs can be loaded here, else why not. */
export function bpfUnavailable(): string | undefined {
  if (process.platform !== 'linux') return `BPF is only available on Linux (this is ${process.platform})`;
  // The sysctl exists exactly when the kernel has the bpf() syscall (CONFIG_BPF_SYSCALL).
  if (!existsSync('/proc/sys/kernel/unprivileged_bpf_disabled')) {
    return 'BPF is not available on this kernel (CONFIG_BPF_SYSCALL is not set)';
  }
  return undefined;
}

/** How many call sites a usdt probe has in a file (at least 1: an unreadable file is the attach's to report). */
function usdtLocations(path: string, provider: string, name: string): number {
  let count = 0;
  try {
    count = readUsdtNotes(readFileSync(path)).filter((n) => n.provider === provider && n.name === name).length;
  } catch { /* the attach reports it */ }
  return Math.max(1, count);
}

/** Run until the program exits, the -c child or -p process ends, or a signal; returns the exit status. */
export async function runCompiled(o: RunOptions, io: RunnerIo, object: Uint8Array, checkedManifest: Manifest): Promise<number> {
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
  if (o.maxProbes !== undefined && probes > o.maxProbes) return fail(tooManyProbes(probes, o.maxProbes));

  let command: string[] | undefined;
  if (o.command !== undefined) {
    const split = splitCommand(o.command);
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
      object, manifest, format: o.format, quiet: o.quiet, userSymbols: o.userSymbols,
      write: (t) => output.write(t),
      writeConsole: (t) => io.out(t),
      writeError: (t) => io.err(t),
      childCommand: command,
      catBytesMax: o.catBytesMax,
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
