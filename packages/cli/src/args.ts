// Argument parsing for the main command, by hand, because bpftrace 0.17 uses GNU
// getopt_long semantics that commander does not reproduce: short options cluster
// (`-lv`, `-kk`, `-dd`), values attach (`-ofile`) or follow (`-o file`), long options
// take `--opt=value` or `--opt value` and unique prefixes, and options are permuted:
// an option may appear after the program file (`prog.bt -q arg` is quiet, $1 = arg).
// `--` ends options; everything after it is a positional parameter (so `-- -5`).

import { expectStrings } from './api-arguments.js';

export type DumpStage = 'ast' | 'checked' | 'ir' | 'manifest';
export const DUMP_STAGES: readonly DumpStage[] = ['ast', 'checked', 'ir', 'manifest'];

export interface MainOptions {
  /** -e 'program'. */
  program?: string;
  /** The script file, or '-' for stdin (absent with -e). */
  file?: string;
  /** Positional parameters: $1..$N. */
  params: string[];
  bufferMode?: 'full' | 'line' | 'none';
  format: 'text' | 'json';
  outputFile?: string;
  includeDirs: string[];
  includes: string[];
  list: boolean;
  listSearch?: string;
  pid?: number;
  command?: string;
  usdtFileActivation: boolean;
  unsafe: boolean;
  quiet: boolean;
  verbose: boolean;
  /** 0, -k (1) or -kk (2). */
  helperErrors: 0 | 1 | 2;
  info: boolean;
  noWarnings: boolean;
  help: boolean;
  version: boolean;
  /** -d: dry run; which stages to dump (plain -d means all of them). */
  dump: DumpStage[];
  /** -dd: verbose dumps. */
  dumpVerbose: boolean;
  emitElf?: string;
  emitLlvm?: string;
}

/** A usage error: the message line, then the usage text, exit 1. */
export interface UsageError { kind: 'usage'; message?: string }
/** An invalid option value: bpftrace prints just `ERROR: ...` for these. */
export interface ValueError { kind: 'value'; message: string }
export type ArgsResult = { ok: true; options: MainOptions } | { ok: false; error: UsageError | ValueError };

type Arity = 'flag' | 'value';
const SHORT: Record<string, Arity> = {
  B: 'value', f: 'value', o: 'value', e: 'value', I: 'value', p: 'value', c: 'value',
  h: 'flag', l: 'flag', q: 'flag', v: 'flag', k: 'flag', V: 'flag', d: 'flag',
};
const LONG: Record<string, Arity> = {
  help: 'flag', version: 'flag', include: 'value', 'usdt-file-activation': 'flag', unsafe: 'flag',
  info: 'flag', 'no-warnings': 'flag', 'emit-elf': 'value', 'emit-llvm': 'value',
};

/** bpftrace 0.17's fixed upper bound for -p (not this machine's /proc/sys/kernel/pid_max). */
const PID_MAX = 4 * 1024 * 1024;

/** Why `-p` rejects a value, in bpftrace 0.17's words (it parses with std::stol); undefined if valid. */
function pidProblem(value: string): string | undefined {
  if (!/^\s*[-+]?[0-9]+$/.test(value)) return 'is not a valid decimal number';
  const n = BigInt(value.trim());
  if (n < -(1n << 63n) || n >= 1n << 63n) return 'outside of integer range';
  if (n < 1n || n > BigInt(PID_MAX)) return `out of valid pid range [1,${PID_MAX}]`;
  return undefined;
}

function emptyOptions(): MainOptions {
  return {
    params: [], format: 'text', includeDirs: [], includes: [], list: false, usdtFileActivation: false,
    unsafe: false, quiet: false, verbose: false, helperErrors: 0, info: false, noWarnings: false,
    help: false, version: false, dump: [], dumpVerbose: false,
  };
}

const isStage = (s: string | undefined): s is DumpStage => DUMP_STAGES.includes(s as DumpStage);

export function parseArgs(argv: readonly string[]): ArgsResult {
  expectStrings('parseArgs', 'argv', argv);
  const o = emptyOptions();
  const positionals: string[] = [];
  let dCount = 0;
  const stages = new Set<DumpStage>();

  const apply = (name: string, value: string | undefined): ValueError | undefined => {
    switch (name) {
      case 'B':
        if (value !== 'full' && value !== 'line' && value !== 'none')
          return { kind: 'value', message: "USAGE: -B must be either 'line', 'full', or 'none'." };
        o.bufferMode = value; return;
      case 'f':
        if (value !== 'text' && value !== 'json')
          return { kind: 'value', message: `Invalid output format "${value}"\nValid formats: 'text', 'json'` };
        o.format = value; return;
      case 'o': o.outputFile = value; return;
      case 'e': o.program = value; return;
      case 'I': o.includeDirs.push(value!); return;
      case 'include': o.includes.push(value!); return;
      case 'p': {
        const bad = pidProblem(value!);
        if (bad) return { kind: 'value', message: `pid '${value}' ${bad}` };
        o.pid = Number(value); return;
      }
      case 'c': o.command = value; return;
      case 'h': case 'help': o.help = true; return;
      case 'V': case 'version': o.version = true; return;
      case 'l': o.list = true; return;
      case 'q': o.quiet = true; return;
      case 'v': o.verbose = true; return;
      case 'k': o.helperErrors = o.helperErrors === 0 ? 1 : 2; return;
      case 'd': dCount++; return;
      case 'usdt-file-activation': o.usdtFileActivation = true; return;
      case 'unsafe': o.unsafe = true; return;
      case 'info': o.info = true; return;
      case 'no-warnings': o.noWarnings = true; return;
      case 'emit-elf': o.emitElf = value; return;
      case 'emit-llvm': o.emitLlvm = value; return;
    }
  };

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') { positionals.push(...argv.slice(i + 1)); break; }
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      const given = arg.slice(2, eq < 0 ? undefined : eq);
      const matches = LONG[given] ? [given] : Object.keys(LONG).filter((n) => n.startsWith(given));
      if (matches.length === 0) return usage(`unrecognized option '${arg}'`);
      if (matches.length > 1) return usage(`option '${arg}' is ambiguous`);
      const name = matches[0]!;
      let value: string | undefined;
      if (LONG[name] === 'value') {
        if (eq >= 0) value = arg.slice(eq + 1);
        else if (i + 1 < argv.length) value = argv[++i];
        else return usage(`option '--${name}' requires an argument`);
      } else if (eq >= 0) {
        return usage(`option '--${name}' doesn't allow an argument`);
      }
      const err = apply(name, value);
      if (err) return { ok: false, error: err };
      continue;
    }
    if (arg.startsWith('-') && arg.length > 1) {
      // Our -d extension: `-d STAGE` / `-dSTAGE` picks one dump; plain -d dumps all (0.17).
      if (arg === '-d' && isStage(argv[i + 1])) { dCount++; stages.add(argv[++i] as DumpStage); continue; }
      if (arg.startsWith('-d') && isStage(arg.slice(2))) { dCount++; stages.add(arg.slice(2) as DumpStage); continue; }
      for (let j = 1; j < arg.length; j++) {
        const c = arg[j]!;
        const arity = SHORT[c];
        if (!arity) return usage(`invalid option -- '${c}'`);
        if (arity === 'flag') {
          const err = apply(c, undefined);
          if (err) return { ok: false, error: err };
          continue;
        }
        let value: string | undefined = arg.slice(j + 1);
        if (value === '') {
          if (i + 1 >= argv.length) return usage(`option requires an argument -- '${c}'`);
          value = argv[++i];
        }
        const err = apply(c, value);
        if (err) return { ok: false, error: err };
        break;
      }
      continue;
    }
    positionals.push(arg);
  }

  if (dCount > 0) o.dump = stages.size > 0 ? DUMP_STAGES.filter((s) => stages.has(s)) : [...DUMP_STAGES];
  o.dumpVerbose = dCount > 1 && stages.size === 0;

  if (o.help || o.version || o.info) return { ok: true, options: o };
  if (o.list) {
    // `-l [search]`: the first positional is the search unless a program is given.
    if (o.program === undefined && positionals.length > 0) o.listSearch = positionals.shift();
    o.params = positionals;
    return { ok: true, options: o };
  }
  if (o.program === undefined) {
    if (positionals.length === 0) return usage(undefined);
    o.file = positionals.shift();
  }
  o.params = positionals;
  return { ok: true, options: o };
}

function usage(message: string | undefined): ArgsResult {
  return { ok: false, error: { kind: 'usage', message } };
}
