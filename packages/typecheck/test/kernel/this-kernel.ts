// This machine's kernel as the typecheck tests declare it: the shared helper
// (test/support/this-kernel.ts, the CLI's linuxKernelInfo) with no kprobe/fentry
// attach, as on this VM; scripts using them still type-check.
import type { KernelInfo } from '../../src/index.js';
import { thisKernel as machineKernel } from '../../../../test/support/this-kernel.js';

export { hasThisKernel } from '../../../../test/support/this-kernel.js';

export const thisKernel = (): KernelInfo =>
  machineKernel({ kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true });
