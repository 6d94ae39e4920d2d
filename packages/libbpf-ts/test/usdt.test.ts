// USDT through libbpf's attach (libbpf reads the note, fills its spec map, reads the argument).
import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BpfObject, attachUsdt, attempt, u64, TypedMap } from '../src/index.js';
import { bpfDir, compileBpf, kernelSnapshot, skipReason, tempPath, warnSkip } from './helpers.js';

warnSkip('usdt tests');

describe.skipIf(!!skipReason)('attachUsdt', () => {
  it('delivers each call site\'s argument and the usdt cookie', async () => {
    const bin = tempPath('usdt-target');
    execFileSync('gcc', ['-O1', '-o', bin, join(bpfDir, 'usdt-target.c')]);
    const snap = kernelSnapshot();
    const obj = BpfObject.open(compileBpf('usdt'));
    const child = spawn(bin, [], { stdio: ['pipe', 'ignore', 'inherit'] });
    const exited = new Promise<number>((resolve) => child.on('exit', (code) => resolve(code ?? -1)));
    try {
      obj.load();
      const prog = obj.program('on_tick')!;
      const missing = attempt(() => attachUsdt(prog, { binary: bin, provider: 'libbpf_ts', name: 'nope', pid: child.pid, cookie: 1 }));
      expect(missing.ok ? undefined : missing.error.kind).toBe('not-found');
      const link = attachUsdt(prog, { binary: bin, provider: 'libbpf_ts', name: 'tick', pid: child.pid, cookie: 99 });
      child.stdin!.end('x');
      expect(await exited).toBe(0);
      link.destroy();
      const seen = new TypedMap(obj.map('seen')!, u64, u64);
      expect(seen.entries().map(([k, [v]]) => [k, v]).sort((a, b) => Number(a[0]! - b[0]!))).toEqual([[0n, 99n], [10n, 99n], [20n, 99n]]);
    } finally {
      child.kill('SIGKILL');
      obj.close();
    }
    expect(snap.leaked(['on_tick'])).toEqual({ progs: [], links: [] });
  });
});
