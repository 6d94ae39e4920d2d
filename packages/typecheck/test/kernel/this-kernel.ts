// The kernels the typecheck tests declare, with no kprobe/fentry attach (as on this VM;
// scripts using them still type-check):
// - shippedKernelInfo: the kernel profile shipped with the CLI, for the frontend's unit tests
//   (no tracefs or BTF needed, the same answers on every machine);
// - thisKernel: this machine's (the CLI's linuxKernelInfo), for tests that compare with what
//   this machine's own tools (bpftool) read from its BTF.
import type { KernelInfo } from '../../src/index.js';
import { shippedKernel, thisKernel as machineKernel } from '../../../../test/support/this-kernel.js';

export { hasThisKernel } from '../../../../test/support/this-kernel.js';

const FEATURES = { kprobes: false, fentry: false, uprobes: true, ringbuf: true, attachCookie: true };

export const shippedKernelInfo = (): KernelInfo => shippedKernel(FEATURES);

export const thisKernel = (): KernelInfo => machineKernel(FEATURES);
