// Entry point: `bpftrace-ts [options] FILE|-e 'program' [ARGS...]` or a subcommand.
// main() never throws and never exits the process: it returns the exit code.

import { parseArgs } from './args.js';
import { writeAllSync } from './output.js';
import { usageText } from './help.js';
import { versionText } from './version.js';
import type { Stdio } from './run.js';
import { expectStrings } from './api-arguments.js';

// The compiler, runtime (koffi, libbpf) and commander load only when needed, so that
// -h, -V and usage errors answer at once.
const SUBCOMMANDS = ['compile', 'lint', 'profile'];

/** Synchronous writes: ordered with the runtime's output, complete at exit, no EPIPE events. */
export function processStdio(): Stdio {
  return {
    out: (t) => writeAllSync(1, t),
    err: (t) => writeAllSync(2, t),
    stdin: process.stdin,
  };
}

/**
 * `lint FILE...` without options, the common case, skips commander (10-15 ms of start-up): with
 * no argument starting with '-', commander would pass exactly these files and the defaults.
 */
function isPlainLint(argv: string[]): boolean {
  return argv[0] === 'lint' && argv.length > 1 && argv.slice(1).every((a) => !a.startsWith('-'));
}

export async function main(argv: string[], io: Stdio = processStdio()): Promise<number> {
  expectStrings('main', 'argv', argv);
  try {
    // A script file named like a subcommand must be given as ./compile (./run).
    if (isPlainLint(argv)) return await (await import('./commands/lint.js')).lintCommand(argv.slice(1), { format: 'text' }, io);
    if (SUBCOMMANDS.includes(argv[0] ?? '')) return await (await import('./subcommands.js')).runSubcommand(argv, io);
    // `run` takes the main command's run-time options, parsed like them (getopt), not by commander.
    if (argv[0] === 'run') return await (await import('./commands/run.js')).runCommand(argv.slice(1), io);

    const parsed = parseArgs(argv);
    if (!parsed.ok) {
      const e = parsed.error;
      if (e.kind === 'value') { io.err(`ERROR: ${e.message}\n`); return 1; }
      io.err((e.message ? `bpftrace-ts: ${e.message}\n` : '') + usageText());
      return 1;
    }
    const o = parsed.options;
    // Like bpftrace: help goes to stderr; the version to stdout.
    if (o.help) { io.err(usageText()); return 0; }
    if (o.version) { io.out(versionText()); return 0; }
    return await (await import('./run.js')).runMain(o, io);
  } catch (e) {
    // Last line of defence: a bug somewhere becomes one line, never a stack trace.
    const msg = e instanceof Error ? e.message : String(e);
    io.err(`ERROR: ${msg.split('\n')[0]}\n`);
    return 1;
  }
}
