// The llc binaries tests compile with: the LLVMs scripts/setup.sh installs (a missing
// one is reported SKIPPED, loudly) and any other /usr/lib/llvm-N (N >= 14) installed.
import { describe } from 'vitest';
import { installedLlcs } from '../../packages/codegen/src/llc.js';

/** The LLVMs setup.sh installs: bpftrace 0.17's 14, and a newer one. */
export const EXPECTED_LLVM = [14, 19];

/** Every llc to compile with, oldest first (path undefined: expected but not installed). */
export const LLCS: { version: number; path?: string }[] = (() => {
  const all = new Map<number, string | undefined>(EXPECTED_LLVM.map((v) => [v, undefined]));
  for (const l of installedLlcs()) all.set(l.version, l.path);
  return [...all].sort((a, b) => a[0] - b[0]).map(([version, path]) => ({ version, path }));
})();

/** `describe` once per llc (`name [llc N]`); a version that is not installed is SKIPPED, loudly. */
export function describeEachLlc(name: string, body: (llc: string, version: number) => void): void {
  for (const { version, path } of LLCS) {
    const title = `${name} [llc ${version}]`;
    if (!path) {
      console.warn(`\n!!! SKIPPED ${title}: /usr/lib/llvm-${version}/bin/llc is not installed (scripts/setup.sh installs it) !!!\n`);
      describe.skip(title, () => {});
      continue;
    }
    describe(title, () => body(path, version));
  }
}
