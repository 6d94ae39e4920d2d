// The one ELF reader (symbols/elf.ts): a symbol's value for uaddr(), against readelf's answer.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { elfSymbolValue, hasElfMagic, readElf } from '../src/symbols/elf.js';
import { resolveUserSymbol } from '../src/symbols/uaddr.js';

const BASH = '/bin/bash';
const bashIt = existsSync(BASH) ? it : it.skip;

describe('ELF reader', () => {
  bashIt('symbol value of a data symbol (uaddr) matches readelf', () => {
    let expected: bigint | undefined;
    try {
      const line = execFileSync('readelf', ['-sW', BASH], { encoding: 'utf8' }).split('\n').find((l) => / rl_line_buffer$/.test(l));
      if (line) expected = BigInt(`0x${line.trim().split(/\s+/)[1]}`);
    } catch { /* no readelf: check only that it resolves */ }
    const value = elfSymbolValue(readFileSync(BASH), 'rl_line_buffer');
    expect(value).toBeGreaterThan(0n);
    if (expected !== undefined) expect(value).toBe(expected);
    expect(resolveUserSymbol(BASH, 'rl_line_buffer')).toBe(value);
    expect(resolveUserSymbol(BASH, 'no_such_symbol_here')).toBeUndefined();
  });

  it('not an ELF file (or missing): undefined', () => {
    const text = new TextEncoder().encode('#!/bin/sh\n'.padEnd(80));
    expect(hasElfMagic(text)).toBe(false);
    expect(readElf(text)).toBeUndefined();
    expect(resolveUserSymbol('/no/such/file', 'main')).toBeUndefined();
  });
});
