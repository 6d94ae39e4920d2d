// `bpftrace-ts compile`: a BPF ELF object that a standard libbpf loader (bpftool) accepts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
  it('writes an ELF object for the BPF machine and a manifest next to it', () => {
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
    const manifest = JSON.parse(readFileSync(join(dir, 'opens.json'), 'utf8'));
    expect(manifest.version).toBe(1);
    expect(manifest.programs.length).toBeGreaterThanOrEqual(3);
  });

  it('--manifest chooses where the manifest goes', () => {
    const src = join(dir, 'hello.bt');
    writeFileSync(src, 'BEGIN { printf("hi\\n"); exit(); }\n');
    const r = cli(['compile', src, '-o', join(dir, 'hello.o'), '--manifest', join(dir, 'm.json')]);
    expect(r.code).toBe(0);
    expect(existsSync(join(dir, 'm.json'))).toBe(true);
    expect(existsSync(join(dir, 'hello.json'))).toBe(false);
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

  it('BPFTRACE_STRLEN sizes str() in the manifest, as when running; a bad value is its error', () => {
    const src = join(dir, 'str.bt');
    writeFileSync(src, 'BEGIN { @s = str(0); }\n');
    const manifest = join(dir, 'str.json');
    const valueSize = (env?: Record<string, string>) => {
      const r = cli(['compile', src, '-o', join(dir, 'str.o'), '--kernel-profile', SHIPPED_PROFILE], { env });
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

  it.skipIf(!isRoot)('bpftool prog loadall accepts the object (the verifier passes)', () => {
    const src = join(dir, 'opens.bt');
    writeFileSync(src, SCRIPT);
    const out = join(dir, 'load.o');
    expect(cli(['compile', src, '-o', out]).code).toBe(0);
    rmSync(PIN_DIR, { recursive: true, force: true });
    try {
      const r = spawnSync('bpftool', ['prog', 'loadall', out, PIN_DIR], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    } finally {
      rmSync(PIN_DIR, { recursive: true, force: true });
    }
  });
  if (!isRoot) console.warn('\n!!! SKIPPED bpftool loadall test: needs root !!!\n');
});
