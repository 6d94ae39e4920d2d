// Writes to the process's stdout and stderr: the runtime's writer (its `io` entry point loads
// no native code, so the CLI's start-up and lint stay free of koffi's addon).
export { writeAllSync } from '@bpftrace-ts/runtime/io';
