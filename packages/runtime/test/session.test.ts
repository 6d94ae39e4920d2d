// runSession end to end in the kernel. Expected outputs were recorded from
// bpftrace 0.17 running the equivalent scripts (see the comments in bpf/*.bpf.c).
import { describe, expect, it, vi } from 'vitest';
import type { Manifest } from '@bpftrace-ts/codegen';
import { runSession, runSessionDetailed, type SessionOptions } from '../src/index.js';
import { compileBpf, kernelSnapshot, skipReason, warnSkip, workloadPath } from './helpers.js';
import { childManifest, perfManifest, sessionManifest } from './manifests.js';

warnSkip('session tests');

async function run(object: Uint8Array, manifest: Manifest, extra: Partial<SessionOptions> = {}) {
  let out = '';
  let err = '';
  const result = await runSessionDetailed({
    object, manifest, format: 'text', write: (t) => { out += t; }, writeError: (t) => { err += t; }, ...extra,
  });
  return { out, err, result };
}

describe.skipIf(!!skipReason)('runSession', () => {
  it('BEGIN, exit(), END, then the map dump (text)', async () => {
    const snap = kernelSnapshot();
    const { out, err, result } = await run(compileBpf('session'), sessionManifest);
    expect(result).toMatchObject({ exitCode: 0, probes: 2, stoppedBy: 'exit' });
    expect(err).toBe('');
    expect(out).toBe('Attaching 2 probes...\nhello 42\nbye x\n\n\n@a: 5\n');
    expect(snap.leaked(['begin', 'end'])).toEqual({ progs: [], links: [] });
  });

  it('same in json', async () => {
    const { out } = await run(compileBpf('session'), sessionManifest, { format: 'json' });
    expect(out).toBe([
      '{"type": "attached_probes", "data": {"probes": 2}}',
      '{"type": "printf", "data": "hello 42\\n"}',
      '{"type": "printf", "data": "bye x\\n"}',
      '', '',
      '{"type": "map", "data": {"@a": 5}}', '',
    ].join('\n'));
  });

  it('-c: traces the child from its first syscall and stops when it exits', async () => {
    const snap = kernelSnapshot();
    let attachedAt = -1;
    const { out, result } = await run(compileBpf('child'), childManifest, {
      childCommand: [workloadPath(), '3', '2', '0'], onAttached: (n) => { attachedAt = n; },
    });
    expect(result).toMatchObject({ exitCode: 0, stoppedBy: 'child' });
    expect(attachedAt).toBe(2);
    expect(out).toBe('Attaching 2 probes...\nppid 7\nppid 7\n\n\n@opens: 3\n');
    expect(snap.leaked(['opens', 'ppid'])).toEqual({ progs: [], links: [] });
  });

  it('stops on abort (like Ctrl-C) and detaches', async () => {
    const snap = kernelSnapshot();
    const ac = new AbortController();
    const p = run(compileBpf('perf'), perfManifest, { signal: ac.signal, quiet: true });
    await new Promise((r) => setTimeout(r, 300));
    expect(snap.count(['on_tick']).links).toBe(1);
    ac.abort();
    const { out, result } = await p;
    expect(result).toMatchObject({ exitCode: 0, stoppedBy: 'abort' });
    expect(out).toBe('\n\n');
    expect(snap.leaked(['on_tick'])).toEqual({ progs: [], links: [] });
  });

  it('a missing tracepoint: one error line, exit 1, nothing left attached', async () => {
    const snap = kernelSnapshot();
    const manifest: Manifest = structuredClone(childManifest);
    manifest.programs[1]!.attach = [{ type: 'tracepoint', category: 'syscalls', event: 'sys_enter_nope', cookie: 1 }];
    let err = '';
    const code = await runSession({ object: compileBpf('child'), manifest, format: 'text', write: () => {}, writeError: (t) => { err += t; } });
    expect(code).toBe(1);
    expect(err).toBe('ERROR: tracepoint not found: syscalls:sys_enter_nope\n');
    expect(snap.leaked(['opens', 'ppid'])).toEqual({ progs: [], links: [] });
  });

  it('a missing -c binary', async () => {
    const { result, out } = await run(compileBpf('child'), childManifest, { childCommand: ['/no/such/cmd'] });
    expect(result.exitCode).toBe(1);
    expect(result.error?.message).toBe("Failed to fork child: path '/no/such/cmd' does not exist or is not executable");
    expect(out).toBe('');
  });

  it('a verifier failure is an error value carrying the log', async () => {
    const manifest: Manifest = { ...childManifest, programs: [{ name: 'bad', section: 'tracepoint/syscalls/sys_enter_openat', probeIndex: 0, attach: [] }], maps: [], events: [] };
    const { result } = await run(compileBpf('bad'), manifest);
    expect(result.exitCode).toBe(1);
    expect(result.error?.message).toMatch(/^cannot load BPF object/);
    expect(result.error?.log).toMatch(/invalid mem access/);
  });

  it('not root: one line, exit 1', async () => {
    const spy = vi.spyOn(process, 'getuid').mockReturnValue(1000);
    try {
      const { result } = await run(compileBpf('session'), sessionManifest);
      expect(result).toMatchObject({ exitCode: 1, error: { message: 'bpftrace currently only supports running as the root user.' } });
    } finally {
      spy.mockRestore();
    }
  });
});
