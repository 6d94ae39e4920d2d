// The frontend over this machine's kernel, for tests that compile a script and run it in
// that kernel (its tracepoint formats and BTF, not the shipped profile's).
import type { CheckedProgram } from '@bpftrace-ts/typecheck';
import { checkScript as checkWith, liveKernel } from '../../codegen/test/fixture.js';

export const kernel = liveKernel;

/** parse + check against this machine's kernel, throwing (tests only) when either fails. */
export const checkScript = (source: string, params: string[] = [], unsafe = false): CheckedProgram =>
  checkWith(source, params, unsafe, liveKernel);
