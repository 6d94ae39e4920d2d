// `bpftrace-ts compile`: a single-file artifact, a BPF ELF object with the manifest inside,
// that a standard libbpf loader (bpftool) accepts as it is.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readArtifact, ARTIFACT_FORMAT, ARTIFACT_VERSION } from '@bpftrace-ts/artifact';
import { REPO, cli, ensureBuilt, isRoot } from './helpers.js';

// Unique per run: another checkout may be testing at the same time.
const PIN_DIR = `/sys/fs/bpf/bpftrace_ts_cli_test_${process.pid}_${Date.now().toString(36)}`;
let dir: string;
const SHIPPED_PROFILE = join(REPO, 'packages/cli/profiles/default.kprofile');

beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-compile-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  rmSync(PIN_DIR, { recursive: true, force: true });
});

const SCRIPT = `BEGIN { printf("hello %d\\n", 1); }
tracepoint:syscalls:sys_enter_openat { @opens[comm] = count(); }
END { print(@opens); }
`;

describe('compile', () => {
  it('writes an ELF object for the BPF machine with the manifest inside, and nothing else', () => {
    const src = join(dir, 'opens.bt');
    writeFileSync(src, SCRIPT);
    const out = join(dir, 'opens.o');
    // Against the shipped kernel profile: the same object on every machine, root or not
    // (the loadall test below compiles against this kernel).
    const r = cli(['compile', src, '-o', out, '--kernel-profile', SHIPPED_PROFILE]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const elf = readFileSync(out);
    expect([...elf.subarray(0, 4)]).toEqual([0x7f, 0x45, 0x4c, 0x46]); // \x7fELF
    expect(elf[4]).toBe(2); // ELFCLASS64
    expect(elf.readUInt16LE(18)).toBe(247); // e_machine: EM_BPF
    const read = readArtifact(elf);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.manifest).toMatchObject({ format: ARTIFACT_FORMAT, version: ARTIFACT_VERSION });
    expect(read.manifest.programs.length).toBeGreaterThanOrEqual(3);
    expect(read.manifest.params).toBeUndefined();
    expect(existsSync(join(dir, 'opens.json'))).toBe(false);
  });

  it('--manifest also writes the manifest as JSON; positional parameters are recorded', () => {
    const src = join(dir, 'hello.bt');
    writeFileSync(src, 'BEGIN { printf("hi %s %d\\n", str($1), $2); exit(); }\n');
    const r = cli(['compile', src, 'there', '42', '-o', join(dir, 'hello.o'), '--manifest', join(dir, 'm.json')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(readFileSync(join(dir, 'm.json'), 'utf8'));
    const read = readArtifact(readFileSync(join(dir, 'hello.o')));
    expect(read.ok && read.manifest).toEqual(json);
    expect(json.params).toEqual(['there', '42']);
  });

  it('a script with errors writes nothing and exits 1 with the diagnostics', () => {
    const src = join(dir, 'bad.bt');
    writeFileSync(src, 'BEGIN { @x = }\n');
    const out = join(dir, 'bad.o');
    const r = cli(['compile', src, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${src}:1:14-15: ERROR: syntax error`);
    expect(existsSync(out)).toBe(false);
  });

  it('a watchpoint on a function argument needs the traced process (-c/-p), which compile has not', () => {
    const src = join(dir, 'watch.bt');
    writeFileSync(src, 'watchpoint:f+arg0:4:w { }\n');
    const out = join(dir, 'watch.o');
    const r = cli(['compile', src, '-o', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${src}:1:1-22: ERROR: -p PID or -c CMD required for watchpoint`);
    expect(existsSync(out)).toBe(false);
  });

  it('BPFTRACE_STRLEN sizes str() in the manifest, as when running; a bad value is its error', () => {
    const src = join(dir, 'str.bt');
    writeFileSync(src, 'BEGIN { @s = str(0); }\n');
    const manifest = join(dir, 'str.json');
    const valueSize = (env?: Record<string, string>) => {
      const r = cli(['compile', src, '-o', join(dir, 'str.o'), '--manifest', manifest, '--kernel-profile', SHIPPED_PROFILE], { env });
      expect(r.stderr).toBe('');
      return JSON.parse(readFileSync(manifest, 'utf8')).maps.find((m: { name: string }) => m.name === '@s').value.size;
    };
    expect(valueSize()).toBe(64);
    expect(valueSize({ BPFTRACE_STRLEN: '16' })).toBe(16);
    const r = cli(['compile', src, '-o', join(dir, 'str.o')], { env: { BPFTRACE_STRLEN: '201' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^ERROR: 'BPFTRACE_STRLEN' 201 exceeds the current maximum of 200 bytes\./);
  });

  it('-o is required', () => {
    const r = cli(['compile', join(dir, 'opens.bt')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/-o, --output/);
  });

  it.skipIf(!isRoot)('bpftool prog loadall accepts the artifact, manifest section and all (the verifier passes)', () => {
    const src = join(dir, 'opens.bt');
    writeFileSync(src, SCRIPT);
    const out = join(dir, 'load.o');
    expect(cli(['compile', src, '-o', out]).code).toBe(0);
    expect(readArtifact(readFileSync(out)).ok).toBe(true);
    rmSync(PIN_DIR, { recursive: true, force: true });
    try {
      const r = spawnSync('bpftool', ['prog', 'loadall', out, PIN_DIR], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      // One pinned program per BPF program of the object: none was dropped.
      expect(readdirSync(PIN_DIR).length).toBeGreaterThanOrEqual(3);
    } finally {
      rmSync(PIN_DIR, { recursive: true, force: true });
    }
  });
  if (!isRoot) console.warn('\n!!! SKIPPED bpftool loadall test: needs root and BPF !!!\n');
});
