// Output and file-error helpers that load no native code: the `@bpftrace-ts/runtime/io` entry
// point, which the CLI's start-up and lint use (the main entry loads koffi's addon).
export { writeAllSync, openOutput, type Output, type OutputResult } from './output.js';
export { describeFsError } from './fs-errors.js';
