import { describe, expect, it } from 'vitest';
import { catBytesMaxFromEnv, ringbufSizeFromEnv, strlenFromEnv, uint64Env } from '../src/env-vars.js';

describe('BPFTRACE_PERF_RB_PAGES', () => {
  it("gives the ring buffer bpftrace's total (pages per CPU), rounded up to a power of two", () => {
    expect(ringbufSizeFromEnv({ BPFTRACE_PERF_RB_PAGES: '1' }, 2)).toBe(8192);
    expect(ringbufSizeFromEnv({ BPFTRACE_PERF_RB_PAGES: '64' }, 2)).toBe(512 * 1024);
    expect(ringbufSizeFromEnv({ BPFTRACE_PERF_RB_PAGES: '3' }, 3)).toBe(64 * 1024);
  });

  it('unset, zero or not a number: the default size', () => {
    expect(ringbufSizeFromEnv({}, 2)).toBeUndefined();
    expect(ringbufSizeFromEnv({ BPFTRACE_PERF_RB_PAGES: '0' }, 2)).toBeUndefined();
    expect(ringbufSizeFromEnv({ BPFTRACE_PERF_RB_PAGES: 'x' }, 2)).toBeUndefined();
  });
});

describe('uint64 variables (BPFTRACE_STRLEN, BPFTRACE_CAT_BYTES_MAX), read as C++ streams read a uint64_t', () => {
  const read = (v: string) => uint64Env({ X: v }, 'X');
  const bad = { error: "Env var 'X' did not contain a valid uint64_t, or was zero-valued." };
  it('blanks before, a sign, digits; what follows the digits is ignored', () => {
    expect(read('42')).toEqual({ value: 42n });
    expect(read(' \t+7')).toEqual({ value: 7n });
    expect(read('8x')).toEqual({ value: 8n });
    expect(read('0')).toEqual({ value: 0n });
    expect(read('18446744073709551615')).toEqual({ value: (1n << 64n) - 1n });
  });
  it('a minus wraps modulo 2^64', () => {
    expect(read('-1')).toEqual({ value: (1n << 64n) - 1n });
    expect(read('-3')).toEqual({ value: (1n << 64n) - 3n });
    expect(read('-0')).toEqual({ value: 0n });
  });
  it('no digits, or more than 2^64-1: an error', () => {
    for (const v of ['', 'abc', '-', ' x1', '18446744073709551616']) expect(read(v), v).toEqual(bad);
    expect(uint64Env({}, 'X')).toEqual({});
  });
  it('BPFTRACE_CAT_BYTES_MAX: 10240 by default; past what a number holds exactly, everything', () => {
    expect(catBytesMaxFromEnv({})).toEqual({ value: 10240 });
    expect(catBytesMaxFromEnv({ BPFTRACE_CAT_BYTES_MAX: '-1' })).toEqual({ value: Number.MAX_SAFE_INTEGER });
  });
  it('BPFTRACE_STRLEN: 1 to 200', () => {
    expect(strlenFromEnv({})).toEqual({});
    expect(strlenFromEnv({ BPFTRACE_STRLEN: '200' })).toEqual({ value: 200 });
    expect(strlenFromEnv({ BPFTRACE_STRLEN: '0' }).error).toContain('zero-valued');
    expect(strlenFromEnv({ BPFTRACE_STRLEN: '201' }).error).toMatch(/^'BPFTRACE_STRLEN' 201 exceeds the current maximum of 200 bytes\.\n/);
  });
});
