// `bpftrace-ts lint`: parse + check only, for CI. No root, no BPF, no LLVM: the
// kernel is a saved profile (the shipped default, or --kernel-profile FILE).

import type { KernelInfo } from '@bpftrace-ts/typecheck';
import { readDefaultProfile, readProfileFile, linuxKernelInfo, ProfileFileError } from '../kernel/index.js';
import { lintScript } from '../frontend.js';
import { describeFsError, readScript, readScriptFile } from '../source.js';
import { jsonReport, sarifReport, textReport, type FileReport } from '../report.js';
import type { Stdio } from '../run.js';

export interface LintOptions {
  format: string;
  kernelProfile?: string;
  unsafe?: boolean;
}

export type KernelResult = { ok: true; kernel: KernelInfo } | { ok: false; message: string };

/** The kernel to check against: a profile file, the shipped default, else this machine. */
export function profileKernel(path: string | undefined): KernelResult {
  try {
    if (path !== undefined) return { ok: true, kernel: readProfileFile(path) };
    return { ok: true, kernel: readDefaultProfile() ?? linuxKernelInfo({ mount: false }) };
  } catch (e) {
    const why = e instanceof ProfileFileError ? e.problem : (e as { code?: string }).code ? describeFsError(e) : e instanceof Error ? e.message : String(e);
    const file = e instanceof ProfileFileError ? e.path : path;
    return { ok: false, message: `cannot read kernel profile${file ? ` '${file}'` : ''}: ${why}` };
  }
}

export async function lintCommand(files: string[], opts: LintOptions, io: Stdio): Promise<number> {
  if (!['text', 'json', 'sarif'].includes(opts.format)) {
    io.err(`ERROR: Invalid lint format "${opts.format}"\nValid formats: 'text', 'json', 'sarif'\n`);
    return 1;
  }
  const k = profileKernel(opts.kernelProfile);
  if (!k.ok) { io.err(`ERROR: ${k.message}\n`); return 1; }

  const reports: FileReport[] = [];
  for (const file of files) {
    const read = file === '-' ? await readScript({ file: '-' }, io.stdin) : await readScriptFile(file);
    if (!read.ok) {
      reports.push({ file, source: '', diagnostics: [{ severity: 'error', code: 'io/read', message: read.message, file }] });
      continue;
    }
    const name = file === '-' ? 'stdin' : file;
    const diagnostics = lintScript(read.source.text, { file: name, kernel: k.kernel, unsafe: opts.unsafe ?? false });
    reports.push({ file: name, source: read.source.text, diagnostics });
  }

  const render = opts.format === 'json' ? jsonReport : opts.format === 'sarif' ? sarifReport : textReport;
  // The report is lint's product: stdout in every format (so `> report` works).
  io.out(render(reports));
  return reports.some((r) => r.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

