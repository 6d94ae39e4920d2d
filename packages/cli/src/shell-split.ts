// -c command lines are split by the runtime (which runs artifacts on its own); this is the
// library API's checked entry point.
import { shellSplit as split, type SplitResult } from '@bpftrace-ts/runtime';
import { expectString } from './api-arguments.js';

export type { SplitResult };

export function shellSplit(line: string): SplitResult {
  expectString('shellSplit', 'line', line);
  return split(line);
}
