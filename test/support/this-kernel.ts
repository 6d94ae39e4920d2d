// The one test helper for "a KernelInfo of this machine's kernel": the CLI's production
// linuxKernelInfo() (tracefs formats, BTF from /sys/kernel/btf/vmlinux, kernel functions,
// all read lazily), with the feature flags a test declares instead of detected ones, so
// results do not depend on what this VM allows (e.g. kprobe programs still load without
// kprobe attach). Imported by relative path: vitest aliases only the library packages.
import { existsSync } from 'node:fs';
import type { KernelFeatures, KernelInfo } from '@bpftrace-ts/typecheck';
import { findTracefs, linuxKernelInfo } from '../../packages/cli/src/kernel/linux.js';
import { defaultProfilePath, readDefaultProfile } from '../../packages/cli/src/kernel/profile-file.js';

const VMLINUX = '/sys/kernel/btf/vmlinux';

/** True when tracefs (mounted if needed and allowed) and BTF are there to read. */
export const hasThisKernel = (): boolean => existsSync(VMLINUX) && findTracefs() !== undefined;

const cached = new Map<string, KernelInfo>();

/** This machine's kernel with `features` declared; one KernelInfo (and its caches) per feature set. */
export function thisKernel(features: KernelFeatures): KernelInfo {
  const key = JSON.stringify(features);
  let k = cached.get(key);
  if (!k) cached.set(key, (k = linuxKernelInfo({ features })));
  return k;
}

/** The same kernel with other feature flags (cheap: shares the caches). */
export function withFeatures(kernel: KernelInfo, features: KernelFeatures): KernelInfo {
  return Object.create(kernel, { features: { value: features } }) as KernelInfo;
}

let shipped: KernelInfo | undefined;

/**
 * The kernel profile shipped with the CLI (packages/cli/profiles/default.kprofile) with
 * `features` declared: what the unit tests of parser, typecheck and codegen check against,
 * so they need neither tracefs nor BTF and do not depend on this machine's kernel build.
 */
export function shippedKernel(features: KernelFeatures): KernelInfo {
  shipped ??= readDefaultProfile();
  if (!shipped) throw new Error(`the shipped kernel profile is missing: ${defaultProfilePath()}`);
  // A plain copy (not withFeatures' prototype link): tests spread it to change features again.
  return { ...shipped, features };
}
