// Test helpers: the real frontend (parse + check) over the kernel profile shipped
// with the CLI (or, for tests that run in the kernel, this machine's kernel), and a
// verifier load through `bpftool prog loadall` that always cleans up after itself.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from '@bpftrace-ts/parser';
import { check, type CheckedProgram, type KernelInfo } from '@bpftrace-ts/typecheck';
import { shippedKernel, thisKernel } from '../../../test/support/this-kernel.js';

/**
 * kprobes are declared available: this VM lacks them, but kprobe programs still load, so the
 * verifier can check what we generate.
 */
const FEATURES = { kprobes: true, fentry: false, uprobes: true, ringbuf: true, attachCookie: true };

/** The shipped kernel profile (test/support/this-kernel.ts): what codegen's unit tests compile against. */
export const kernel: KernelInfo = shippedKernel(FEATURES);

/** This machine's kernel (tracefs formats, its BTF): for tests that run programs in it. */
export const liveKernel: KernelInfo = thisKernel(FEATURES);

/** parse + check, throwing (tests only) with the diagnostics when either fails. */
export function checkScript(source: string, params: string[] = [], unsafe = false, k: KernelInfo = kernel): CheckedProgram {
  const { ast, diagnostics } = parse(source, { file: 'stdin' });
  if (!ast) throw new Error(`parse failed: ${JSON.stringify(diagnostics)}`);
  const r = check(ast, k, { params, unsafe, file: 'stdin' });
  if (!r.program) throw new Error(`check failed: ${r.diagnostics.map((d) => d.message).join('; ')}`);
  return r.program;
}

// ------------------------------------------------------------------ loading

// A pin directory per load: test files run in parallel workers.
let loads = 0;
let lastPin = '';
let dir: string | undefined;
const objDir = () => (dir ??= mkdtempSync(join(tmpdir(), 'bpftrace-ts-codegen-')));

export const canLoad = (() => {
  if (process.getuid?.() !== 0) return false;
  return spawnSync('bpftool', ['version']).status === 0 && existsSync('/sys/fs/bpf');
})();

/**
 * Load every program with `bpftool prog loadall`; returns the error text or
 * undefined. A BTF that the kernel rejects (libbpf then retries without it)
 * counts as an error. Always cleans up.
 */
export function loadAll(object: Uint8Array): string | undefined {
  const tag = `${process.pid}_${Math.random().toString(36).slice(2, 8)}_${loads++}`;
  const pin = (lastPin = `/sys/fs/bpf/bpftrace_ts_test_${tag}`);
  const file = join(objDir(), `${tag}.o`);
  writeFileSync(file, object);
  const r = spawnSync('bpftool', ['prog', 'loadall', file, pin], { encoding: 'utf8' });
  execFileSync('rm', ['-rf', pin, file]);
  const btfRejected = /BTF loading error|Retrying without BTF/.test(r.stderr);
  return r.status === 0 && !btfRejected ? undefined : `${r.stderr}`.split('\n').filter((l) => !/^libbpf: elf: skipping/.test(l)).slice(-40).join('\n');
}

export function pinnedLeft(): boolean {
  return lastPin !== '' && existsSync(lastPin);
}

// Each test file that compiles objects does so with every llc (test/support/llvm-versions.ts).
export { EXPECTED_LLVM, LLCS, describeEachLlc } from '../../../test/support/llvm-versions.js';
