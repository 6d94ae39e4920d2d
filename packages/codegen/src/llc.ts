// Turn textual IR into a BPF ELF object with llc, through pipes (no temp files).
// The IR uses opaque pointers, which every llc from 14 on reads (14 only when asked).

import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import type { Diagnostic } from '@bpftrace-ts/parser';

/** Where Debian installs each LLVM's tools. */
const LLVM_ROOT = '/usr/lib';
/** The oldest LLVM whose llc reads our IR (opaque pointers). */
export const MIN_LLVM = 14;
/** Environment variable naming the llc to use, when CodegenOptions.llc does not. */
export const LLC_ENV = 'BPFTRACE_TS_LLC';

/** Every `/usr/lib/llvm-N/bin/llc` installed with N >= MIN_LLVM, newest first. */
export function installedLlcs(root = LLVM_ROOT): { version: number; path: string }[] {
  let names: string[];
  try {
    names = readdirSync(root);
  } catch {
    return [];
  }
  const found: { version: number; path: string }[] = [];
  for (const n of names) {
    const m = /^llvm-(\d+)$/.exec(n);
    if (!m || Number(m[1]) < MIN_LLVM) continue;
    const path = `${root}/${n}/bin/llc`;
    if (existsSync(path)) found.push({ version: Number(m[1]), path });
  }
  return found.sort((a, b) => b.version - a.version);
}

/**
 * The llc to run: the one given (option, then $BPFTRACE_TS_LLC), else the newest installed.
 * With none installed, the LLVM 14 path, so the error names a path to install.
 */
export function pickLlc(explicit?: string): string {
  if (explicit) return explicit;
  const env = process.env[LLC_ENV];
  if (env) return env;
  return installedLlcs()[0]?.path ?? DEFAULT_LLC;
}

/** The llc a machine with only setup.sh's packages had before newer LLVMs: kept for callers that name it. */
export const DEFAULT_LLC = `${LLVM_ROOT}/llvm-14/bin/llc`;

const versions = new Map<string, number | undefined>();

/** The LLVM major version of an llc (from `llc --version`, once per path); undefined if it does not run. */
export function llcVersion(llc: string): number | undefined {
  if (versions.has(llc)) return versions.get(llc);
  const r = spawnSync(llc, ['--version'], { encoding: 'utf8' });
  const m = /LLVM version (\d+)/.exec(r.stdout ?? '');
  const v = m ? Number(m[1]) : undefined;
  versions.set(llc, v);
  return v;
}

/** llc's arguments for an llc of `version`: LLVM 14 reads opaque pointers only when told to. */
export function llcArgs(version: number | undefined, optLevel: number): string[] {
  const args = ['-march=bpf', '-mcpu=v3', '-filetype=obj', `-O${optLevel}`, '-o', '-'];
  if (version === 14) args.unshift('-opaque-pointers');
  return args;
}

export interface LlcResult {
  object?: Uint8Array;
  diagnostics: Diagnostic[];
  /** Wall time of the llc run in milliseconds. */
  ms: number;
}

export function runLlc(ir: string, llc?: string, optLevel = 2): LlcResult {
  const path = pickLlc(llc);
  const args = llcArgs(llcVersion(path), optLevel);
  const t0 = performance.now();
  const r = spawnSync(path, args, {
    input: ir,
    maxBuffer: 256 * 1024 * 1024,
  });
  const ms = performance.now() - t0;
  if (r.error) {
    return { ms, diagnostics: [{ severity: 'error', code: 'codegen/llc', message: `could not run ${path}: ${r.error.message}` }] };
  }
  if (r.status !== 0) {
    // llc repeats some errors once per instruction (e.g. the stack limit): keep each line once.
    const lines = [...new Set((r.stderr?.toString() ?? '').split('\n').map((l) => l.trim()).filter(Boolean))];
    const msg = lines.slice(0, 20).join('\n');
    return { ms, diagnostics: [{ severity: 'error', code: 'codegen/llc', message: `llc failed (${r.status ?? r.signal}): ${msg}` }] };
  }
  return { ms, object: new Uint8Array(r.stdout.buffer, r.stdout.byteOffset, r.stdout.byteLength), diagnostics: [] };
}
