// The perf_event_attr of a watchpoint must put bp_type, bp_addr and bp_len where
// the kernel's header says (checked against the C compiler's offsetof).
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { perfEventAttr } from '../src/index.js';

const hasGcc = spawnSync('gcc', ['--version']).status === 0;
if (!hasGcc) console.warn('SKIPPED breakpoint attr layout test: gcc is not installed');

describe.skipIf(!hasGcc)('perf_event_attr for PERF_TYPE_BREAKPOINT', () => {
  it('bp_type, bp_addr, bp_len at the header\'s offsets; size PERF_ATTR_SIZE_VER1', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-bpattr-'));
    try {
      writeFileSync(join(dir, 'off.c'), `#include <stdio.h>
#include <stddef.h>
#include <linux/perf_event.h>
#include <linux/hw_breakpoint.h>
int main(void) {
  printf("%zu %zu %zu %d %d %d %d %d\\n", offsetof(struct perf_event_attr, bp_type), offsetof(struct perf_event_attr, bp_addr),
    offsetof(struct perf_event_attr, bp_len), PERF_ATTR_SIZE_VER1, PERF_TYPE_BREAKPOINT, HW_BREAKPOINT_R, HW_BREAKPOINT_W, HW_BREAKPOINT_X);
  return 0;
}
`);
      execFileSync('gcc', ['-o', join(dir, 'off'), join(dir, 'off.c')]);
      const [typeAt, addrAt, lenAt, size, bpType, r, w, x] = execFileSync(join(dir, 'off'), { encoding: 'utf8' }).trim().split(' ').map(Number);
      expect([bpType, r, w, x]).toEqual([5, 1, 2, 4]);
      const attr = perfEventAttr({ perfType: 5, config: 0, period: 1, cpus: 'all', cookie: 0, breakpoint: { type: 3, addr: 0x10000000, len: 4 } });
      const v = new DataView(attr.buffer);
      expect(attr.length).toBe(size);
      expect([v.getUint32(0, true), v.getUint32(4, true), v.getBigUint64(16, true)]).toEqual([5, size, 1n]);
      expect([v.getUint32(typeAt!, true), v.getBigUint64(addrAt!, true), v.getBigUint64(lenAt!, true)]).toEqual([3, 0x10000000n, 4n]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
