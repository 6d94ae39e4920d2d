// kfunc/kretfunc/iter objects on a kernel without the BPF tracing program type
// (this VM): the session fails before loading with one clear line, nothing left behind.
import { describe, expect, it } from 'vitest';
import { parse } from '@bpftrace-ts/parser';
import { check, type KernelInfo } from '@bpftrace-ts/typecheck';
import { compile } from '@bpftrace-ts/codegen';
import { kernel } from './live-kernel.js';
import { runSessionDetailed, tracingAvailable, trampolineProbes } from '../src/index.js';
import { kernelSnapshot, skipReason, warnSkip } from './helpers.js';

warnSkip('kfunc/iter session tests');
if (!skipReason && tracingAvailable()) {
  console.warn('\n!!! SKIPPED kfunc/iter "one error line" tests: this kernel has the BPF tracing program type (those tests are for kernels without it) !!!\n');
}

const withFentry: KernelInfo = { ...kernel, features: { ...kernel.features, fentry: true } };

function build(source: string) {
  const { ast } = parse(source, { file: 'stdin' });
  const r = check(ast!, withFentry, { params: [], unsafe: false, file: 'stdin' });
  const out = compile(r.program!, { kernel: withFentry });
  expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return out;
}

describe.skipIf(!!skipReason)('kfunc/kretfunc/iter sessions', () => {
  for (const [src, probe] of [
    ['kfunc:vfs_read { @ = count(); }', 'kfunc:vfs_read'],
    ['BEGIN { } kretfunc:vfs_read { @ = retval; }', 'kretfunc:vfs_read'],
    ['iter:task { @ = count(); }', 'iter:task'],
  ] as const) {
    it.skipIf(tracingAvailable())(`${probe}: one error line, before loading`, async () => {
      const { object, manifest } = build(src);
      expect(trampolineProbes(manifest!)).toEqual([probe]);
      const snap = kernelSnapshot();
      let out = '';
      const r = await runSessionDetailed({ object: object!, manifest: manifest!, format: 'text', write: (t) => { out += t; } });
      expect(r.exitCode).toBe(1);
      expect(r.error?.message).toBe(`${probe}: kfunc/kretfunc and iter probes need the BPF tracing program type (fentry/fexit), which this kernel does not support`);
      expect(r.error?.log).toBeUndefined();
      expect(out).toBe('');
      expect(snap.leaked(manifest!.programs.map((p) => p.name.slice(0, 15)))).toEqual({ progs: [], links: [] });
    });
  }
});
