// USDT notes and versioned function symbols read from ELF files built here with gcc
// (the workload of the CLI's uprobe/usdt tests). Pure: reads files, loads nothing.
// Expected values come from binutils (readelf -n, nm -D) run on the same files.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readUsdtNotes } from '../src/symbols/usdt-notes.js';
import { elfFunctions, functionAt } from '../src/uprobe-symbols.js';

const src = (f: string) => fileURLToPath(new URL(`../../cli/test/fixtures/user-probes/${f}`, import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'bpfts-usdt-notes-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const LIB = join(dir, 'libverlib.so'), PROG = join(dir, 'prog');
execFileSync('gcc', ['-g', '-O0', '-fPIC', '-shared', `-Wl,--version-script=${src('verlib.map')}`, '-o', LIB, src('verlib.c')]);
execFileSync('gcc', ['-g', '-O0', '-o', PROG, src('prog.c'), `-L${dir}`, '-lverlib', `-Wl,-rpath,${dir}`]);

describe('.note.stapsdt', () => {
  it('one entry per call site, as readelf -n lists them', () => {
    const readelf = execFileSync('readelf', ['-n', PROG]).toString();
    const expected = [...readelf.matchAll(/Provider: (\S+)\n\s+Name: (\S+)\n\s+Location: 0x([0-9a-f]+), Base: 0x[0-9a-f]+, Semaphore: 0x([0-9a-f]+)/g)]
      .map((m) => ({ provider: m[1], name: m[2], pc: BigInt('0x' + m[3]), semaphore: BigInt('0x' + m[4]) }));
    const notes = readUsdtNotes(readFileSync(PROG));
    expect(notes.map(({ provider, name, pc, semaphore }) => ({ provider, name, pc, semaphore }))).toEqual(expected);
    // bpfts_b:tock has two call sites; every note has one argument.
    expect(notes.map((n) => `${n.provider}:${n.name}`)).toEqual(['bpfts_a:tick', 'bpfts_a:tock', 'bpfts_b:tock', 'bpfts_b:tock']);
    for (const n of notes) expect(n.args).toMatch(/^-?\d@\S+$/);
  });

  it('none in a file without the section, or not ELF', () => {
    expect(readUsdtNotes(readFileSync(LIB))).toEqual([]);
    expect(readUsdtNotes(new TextEncoder().encode('#!/bin/sh\n'.padEnd(80)))).toEqual([]);
  });
});

describe('functions of a binary', () => {
  it('a name defined at two versions resolves to the default (@@) one, as nm -D shows it', () => {
    const nm = execFileSync('nm', ['-D', LIB]).toString();
    const def = BigInt('0x' + /^([0-9a-f]+) T vfunc@@V2$/m.exec(nm)![1]);
    const old = BigInt('0x' + /^([0-9a-f]+) T vfunc@V1$/m.exec(nm)![1]);
    expect(def).not.toBe(old);
    const fns = elfFunctions(readFileSync(LIB))!;
    expect(fns.filter((f) => f.name === 'vfunc')).toEqual([expect.objectContaining({ name: 'vfunc', addr: def })]);
    expect(fns.some((f) => f.name.includes('@'))).toBe(false);
  });

  it('sorted by name, with sizes; functionAt finds a start or an inner address', () => {
    const fns = elfFunctions(readFileSync(PROG))!;
    const names = fns.map((f) => f.name);
    expect(names).toEqual([...names].sort());
    expect(names).toEqual(expect.arrayContaining(['main', 'work_alpha', 'work_beta', 'work_gamma']));
    const alpha = fns.find((f) => f.name === 'work_alpha')!;
    expect(alpha.size).toBeGreaterThan(0n);
    expect(functionAt(fns, alpha.addr)?.name).toBe('work_alpha');
    expect(functionAt(fns, alpha.addr + 1n)?.name).toBe('work_alpha');
    expect(functionAt(fns, 1n)).toBeUndefined();
  });
});
