// Running compiled scripts: the part of bpftrace's main that comes after compilation.
export { runCompiled, tooManyProbes, bpfUnavailable, EXIT_RUN_FAILED, type RunOptions, type RunnerIo } from './run-compiled.js';
export { loadArtifactFile, type LoadedArtifact } from './load-artifact.js';
export { runnerMain, processIo, NOT_ROOT as RUNNER_NOT_ROOT } from './main.js';
export { parseRunArgs, runUsage, type RunArgs, type RunArgsResult } from './args.js';
export { openOutput, type Output, type OutputResult } from './output.js';
export { splitCommand, type SplitResult } from './command-split.js';
export { uint64Env, catBytesMaxFromEnv } from './env.js';
export { processAlive, watchProcess, PID_GONE } from './processes.js';
