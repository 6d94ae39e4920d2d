// `bpftrace-ts profile -o FILE`: snapshot this kernel (tracepoint formats, BTF,
// features) into a profile that lint and compile can use on another machine.

import { writeProfileParts } from '@bpftrace-ts/typecheck';
import { linuxKernelSources, writeProfileFile } from '../kernel/index.js';
import { describeFsError } from '../source.js';
import type { Stdio } from '../run.js';

export interface ProfileOptions { output: string; kernelFunctions?: boolean }

export async function profileCommand(opts: ProfileOptions, io: Stdio): Promise<number> {
  try {
    const { profile, btf } = writeProfileParts(linuxKernelSources(), { kernelFunctions: opts.kernelFunctions ?? false });
    const bytes = writeProfileFile(opts.output, profile, btf);
    const events = Object.values(profile.tracepoints.events).reduce((n, l) => n + l.length, 0);
    io.err(`wrote ${opts.output}: ${events} tracepoints${btf ? ', BTF' : ''}, ${bytes} bytes\n`);
    return 0;
  } catch (e) {
    const code = (e as { code?: string }).code;
    io.err(`ERROR: cannot write kernel profile '${opts.output}': ${code ? describeFsError(e) : (e as Error).message}\n`);
    return 1;
  }
}
