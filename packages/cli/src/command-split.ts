// -c command lines are split by the runtime (which runs artifacts on its own); this is the
// library API's checked entry point.
import { splitCommand as split, type SplitResult } from '@bpftrace-ts/runtime';
import { expectString } from './api-arguments.js';

export type { SplitResult };

export function splitCommand(line: string): SplitResult {
  expectString('splitCommand', 'line', line);
  return split(line);
}
