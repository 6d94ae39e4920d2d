// Missing uprobe symbols: bpftrace 0.17 leaves such attach points out. Pure (reads ELF files only).
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { Manifest } from '@bpftrace-ts/codegen';
import { elfFunctionNames, symbolLookup } from '../src/uprobe-symbols.js';
import { countProbes, withoutMissingUprobes } from '../src/attach.js';

const LIBC = '/lib/x86_64-linux-gnu/libc.so.6';
const libcIt = existsSync(LIBC) ? it : it.skip;

describe('uprobe symbols', () => {
  libcIt('every name counts, aliases and versioned ones included', () => {
    const names = elfFunctionNames(readFileSync(LIBC))!;
    for (const n of ['getpid', '__getpid', 'exit', 'pthread_create']) expect(names.has(n)).toBe(true);
    expect([...names].some((n) => n.includes('@'))).toBe(false);
    expect(names.has('no_such_function_here')).toBe(false);
  });

  it('not an ELF file: undefined (the attach reports it)', () => {
    expect(elfFunctionNames(new TextEncoder().encode('#!/bin/sh\n'.padEnd(80)))).toBeUndefined();
    expect(symbolLookup(() => { throw new Error('ENOENT'); })('/x', 'f')).toBe(true);
  });

  it('drops only uprobes whose symbol is missing; counts the rest', () => {
    const m = {
      programs: [
        { name: 'begin', attach: [{ type: 'begin' }] },
        { name: 'u', attach: [
          { type: 'uprobe', binary: '/a', symbol: 'missing', offset: 0, retprobe: false, cookie: 1 },
          { type: 'uprobe', binary: '/a', symbol: 'there', offset: 0, retprobe: false, cookie: 2 },
          { type: 'uprobe', binary: '/a', offset: 64, retprobe: false, cookie: 3 },
        ] },
      ],
    } as unknown as Manifest;
    const pruned = withoutMissingUprobes(m, (_bin, sym) => sym === 'there');
    expect(countProbes(pruned)).toBe(3);
    expect(pruned.programs[1]!.attach.map((a) => (a as { cookie: number }).cookie)).toEqual([2, 3]);
    expect(countProbes(m)).toBe(4);
    expect(withoutMissingUprobes(m, () => true)).toBe(m);
  });
});
