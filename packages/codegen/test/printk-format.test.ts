// debugf's format for bpf_trace_printk: 32-bit conversions widened to our 64-bit integers.
import { describe, expect, it } from 'vitest';
import { printkFormat } from '../src/async.js';

describe('printkFormat', () => {
  it('widens %d, %u, %x (with flags and width) to their ll forms', () => {
    expect(printkFormat('%d %u %x|%5d|%-3x')).toBe('%lld %llu %llx|%5lld|%-3llx');
  });
  it('keeps %l*, %ll*, %s, %p and %%', () => {
    expect(printkFormat('%ld %lu %llx %s %p 100%% %%d')).toBe('%ld %lu %llx %s %p 100%% %%d');
  });
});
