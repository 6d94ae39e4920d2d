// Running an artifact from the command line: `bpftrace-ts-run` (this package's bin) and
// `bpftrace-ts run` (the CLI hands its arguments here). Never throws; returns the exit status.
import { parseRunArgs, runUsage } from './args.js';
import { loadArtifactFile } from './load-artifact.js';
import { writeAllSync } from './output.js';
import { runCompiled, type RunnerIo } from './run-compiled.js';
import { catBytesMaxFromEnv } from './env.js';

export const NOT_ROOT = 'bpftrace-ts currently only supports running as the root user.';

export const processIo = (): RunnerIo => ({ out: (t) => writeAllSync(1, t), err: (t) => writeAllSync(2, t) });

export async function runnerMain(argv: string[], io: RunnerIo = processIo(), name = 'bpftrace-ts-run'): Promise<number> {
  const fail = (message: string) => { io.err(`ERROR: ${message}\n`); return 1; };
  try {
    const parsed = parseRunArgs(argv);
    if (!parsed.ok) {
      io.err(parsed.usage ? `${name}: ${parsed.message}\n${runUsage(name)}` : `ERROR: ${parsed.message}\n`);
      return 1;
    }
    const a = parsed.args;
    if (a.help) { io.err(runUsage(name)); return 0; }
    const catBytes = catBytesMaxFromEnv(process.env);
    if (catBytes.error) return fail(catBytes.error);
    // The artifact is checked before the root check: a bad file is reported to anyone.
    const loaded = loadArtifactFile(a.file!, a.params, a);
    if (!loaded.ok) return fail(loaded.message);
    if (typeof process.getuid === 'function' && process.getuid() !== 0) return fail(NOT_ROOT);
    return await runCompiled({ ...a, catBytesMax: catBytes.value }, io, loaded.object, loaded.manifest);
  } catch (e) {
    // Last line of defence: a bug becomes one line, never a stack trace.
    return fail((e instanceof Error ? e.message : String(e)).split('\n')[0]!);
  }
}
