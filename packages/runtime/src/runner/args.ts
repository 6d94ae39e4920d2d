// Options of a run of a compiled script (`bpftrace-ts run`, `bpftrace-ts-run`): the main
// command's options that still make sense after compilation, parsed the way bpftrace parses
// them (GNU getopt: clusters `-qfjson`, values attached or next, options after the file, `--`).
import type { RunOptions } from './run-compiled.js';

export interface RunArgs extends RunOptions {
  file?: string;
  params: string[];
  help: boolean;
}

export type RunArgsResult = { ok: true; args: RunArgs } | { ok: false; message: string; usage: boolean };

const VALUE = new Set(['B', 'f', 'o', 'c', 'p']);
const FLAG = new Set(['q', 'h']);
/** Main-command options that shape the program: they belong to `compile`. */
const AT_COMPILE = new Set(['e', 'I', 'k', 'd', 'l']);
const PID_MAX = 4 * 1024 * 1024;

export function parseRunArgs(argv: readonly string[]): RunArgsResult {
  const a: RunArgs = { format: 'text', quiet: false, params: [], help: false };
  const positionals: string[] = [];
  const usage = (message: string): RunArgsResult => ({ ok: false, message, usage: true });
  const apply = (c: string, v: string | undefined): RunArgsResult | undefined => {
    switch (c) {
      case 'B':
        if (v !== 'full' && v !== 'line' && v !== 'none') return { ok: false, usage: false, message: "USAGE: -B must be either 'line', 'full', or 'none'." };
        a.bufferMode = v; return;
      case 'f':
        if (v !== 'text' && v !== 'json') return { ok: false, usage: false, message: `Invalid output format "${v}"\nValid formats: 'text', 'json'` };
        a.format = v; return;
      case 'o': a.outputFile = v; return;
      case 'c': a.command = v; return;
      case 'p': {
        const n = /^\s*[0-9]+$/.test(v!) ? Number(v) : NaN;
        if (!(n >= 1 && n <= PID_MAX)) return { ok: false, usage: false, message: `pid '${v}' is not a valid pid in [1,${PID_MAX}]` };
        a.pid = n; return;
      }
      case 'q': a.quiet = true; return;
      case 'h': a.help = true; return;
    }
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (arg === '--help') { a.help = true; continue; }
    if (arg === '--quiet') { a.quiet = true; continue; }
    if (arg.startsWith('--')) return usage(`unrecognized option '${arg}'`);
    if (arg.startsWith('-') && arg.length > 1) {
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        if (AT_COMPILE.has(c)) return usage(`-${c} shapes the program: give it to \`compile\`, not to the run`);
        if (FLAG.has(c)) { apply(c, undefined); continue; }
        if (!VALUE.has(c)) return usage(`invalid option -- '${c}'`);
        let v = arg.slice(j + 1);
        if (v === '') {
          if (i + 1 >= argv.length) return usage(`option requires an argument -- '${c}'`);
          v = argv[++i]!;
        }
        const bad = apply(c, v);
        if (bad) return bad;
        break;
      }
      continue;
    }
    positionals.push(arg);
  }
  if (a.help) return { ok: true, args: a };
  a.file = positionals.shift();
  if (a.file === undefined) return usage('no compiled script given');
  a.params = positionals;
  return { ok: true, args: a };
}

export function runUsage(name: string): string {
  return `USAGE:
    ${name} [options] FILE.o [ARGS...]

    Runs a script compiled with \`bpftrace-ts compile\` (no compiler needed). ARGS are the
    positional parameters $1..$N: as many as compile was given; integers may differ, other
    parameters and those that shape the program (a probe name, a size) must be the same.
    Put \`--\` before parameters that start with a dash.

OPTIONS:
    -B MODE        output buffering: 'full', 'line' or 'none'
    -f FORMAT      output format: 'text' (default) or 'json'
    -o FILE        write the program's output to FILE instead of stdout
    -p PID         attach USDT and uprobes in process PID only; stop when it exits
    -c 'CMD'       run CMD, trace it, and stop when it exits
    -q             quiet: no "Attaching N probes..." message
    -h, --help     print this help and exit
`;
}
