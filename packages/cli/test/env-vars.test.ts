import { describe, expect, it } from 'vitest';
import { ringbufSizeFromEnv } from '../src/env-vars.js';

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
