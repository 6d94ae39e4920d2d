// @bpftrace-ts/cli as a library: the compiler front to back, and the CLI's main().
export { main } from './main.js';
export { compileScript, lintScript, frontend, backend, type CompileScriptOptions, type CompileScriptResult, type LintScriptOptions } from './pipeline.js';
export { jsonDiagnostics, sarifLog, textReport, type FileReport, type JsonDiagnostic } from './report.js';
export { parseArgs, type MainOptions } from './args.js';
export { splitCommand } from './command-split.js';
export { listProbes } from './list-probes.js';
