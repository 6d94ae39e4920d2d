// koffi's struct layouts must match what the C compiler makes of libbpf's headers.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { structSizes } from '../src/libbpf.js';
import { perfEventAttr, parseCpuList } from '../src/index.js';
import { skipReason, warnSkip } from './helpers.js';

warnSkip('ABI tests');

describe.skipIf(!!skipReason)('libbpf ABI', () => {
  it('opts struct sizes match libbpf.h / bpf.h', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-abi-'));
    const names = Object.keys(structSizes());
    writeFileSync(join(dir, 'sz.c'), `#include <stdio.h>\n#include <bpf/libbpf.h>\n#include <bpf/bpf.h>\nint main(void){${
      names.map((n) => `printf("%s %zu\\n", "${n}", sizeof(struct ${n}));`).join('')}return 0;}\n`);
    execFileSync('gcc', ['-o', join(dir, 'sz'), join(dir, 'sz.c')]);
    const c = Object.fromEntries(execFileSync(join(dir, 'sz')).toString().trim().split('\n').map((l) => {
      const [n, s] = l.split(' ');
      return [n!, Number(s)];
    }));
    expect(structSizes()).toEqual(c);
  });
});

describe('pure helpers', () => {
  it('parses CPU lists', () => {
    expect(parseCpuList('0-3,5,7-8\n')).toEqual([0, 1, 2, 3, 5, 7, 8]);
    expect(parseCpuList('0\n')).toEqual([0]);
  });

  it('encodes perf_event_attr (freq vs period)', () => {
    const f = new DataView(perfEventAttr({ perfType: 1, config: 0, freq: 99, cpus: 'all', cookie: 0 }).buffer);
    expect([f.getUint32(0, true), f.getUint32(4, true), f.getBigUint64(16, true), f.getBigUint64(40, true)]).toEqual([1, 64, 99n, 1n << 10n]);
    const p = new DataView(perfEventAttr({ perfType: 1, config: 3, period: 1000, cpus: 'one', cookie: 0 }).buffer);
    expect([p.getBigUint64(8, true), p.getBigUint64(16, true), p.getBigUint64(40, true)]).toEqual([3n, 1000n, 0n]);
  });
});
