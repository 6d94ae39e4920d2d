// `bpftrace-ts run OUT.o [ARGS...]`: runs an artifact written by `compile`. The runtime owns
// running compiled scripts (its `bpftrace-ts-run` does the same without the compiler installed).
import { runnerMain } from '@bpftrace-ts/runtime';
import type { Stdio } from '../run.js';

export function runCommand(argv: string[], io: Stdio): Promise<number> {
  return runnerMain(argv, io, 'bpftrace-ts run');
}
