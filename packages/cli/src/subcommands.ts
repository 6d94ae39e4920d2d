// The subcommands (compile, lint, profile), parsed by commander. Commander is kept
// from exiting the process or writing on its own: errors come back as exit codes.
// Each command's module loads only when it runs: lint must not pay for codegen and the runtime.

import { Command, CommanderError } from 'commander';
import type { Stdio } from './run.js';
import { cliVersion } from './version.js';

export async function runSubcommand(argv: string[], io: Stdio): Promise<number> {
  let code = 0;
  const program = new Command('bpftrace-ts')
    .version(`bpftrace-ts v${cliVersion()}`, '-V, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (s, write) => write(s.startsWith('error:') ? `ERROR: ${s.slice(7)}` : s) });

  program.command('compile')
    .description('compile a script to a single-file artifact: a BPF ELF object with its manifest inside (no root needed); `bpftrace-ts run` runs it')
    .argument('<file>', "script file ('-' for stdin)")
    .argument('[args...]', 'positional parameters $1..$N (fixed at compile time for now: give run the same ones)')
    .requiredOption('-o, --output <file>', 'artifact to write')
    .option('--manifest <file>', 'also write the manifest as JSON to this file')
    .option('--kernel-profile <file>', 'check against a saved kernel profile instead of this kernel')
    .option('--unsafe', 'allow unsafe functions')
    .option('-k, --helper-errors', 'warn when a BPF helper returns an error (as bpftrace -k; -kk: failed reads of memory too)', (_v: string, n: number) => n + 1, 0)
    .action(async (file: string, args: string[], o: { output: string; manifest?: string; kernelProfile?: string; unsafe?: boolean; helperErrors?: number }) => {
      code = await (await import('./commands/compile.js')).compileCommand(file, args, o, io);
    });

  program.command('lint')
    .description('parse and type-check scripts; exit 1 on any error (no root, no BPF, no LLVM)')
    .argument('<files...>', "script files ('-' for stdin)")
    .option('--format <format>', 'text, json or sarif', 'text')
    .option('--kernel-profile <file>', 'kernel profile to check against (default: the shipped profile)')
    .option('--unsafe', 'allow unsafe functions')
    .action(async (files: string[], o: { format: string; kernelProfile?: string; unsafe?: boolean }) => {
      code = await (await import('./commands/lint.js')).lintCommand(files, o, io);
    });

  program.command('profile')
    .description("save this kernel's tracepoint formats, BTF and features as a kernel profile")
    .requiredOption('-o, --output <file>', 'profile to write (.kprofile: compact binary; .json, or .json.gz to compress)')
    .option('--kernel-functions', 'also store the kernel function list (large)')
    .action(async (o: { output: string; kernelFunctions?: boolean }) => {
      code = await (await import('./commands/profile.js')).profileCommand(o, io);
    });

  try {
    await program.parseAsync(argv, { from: 'user' });
    return code;
  } catch (e) {
    // --help and --version "fail" with code 0; real usage errors were already printed.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 1;
    throw e;
  }
}
