// Every Debian bpftrace tool (/usr/sbin/*.bt, read at test time, never copied) that
// type-checks against this kernel compiles to an object whose every program passes
// the kernel verifier (`bpftool prog loadall`), leaving nothing pinned.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '@bpftrace-ts/parser';
import { check } from '@bpftrace-ts/typecheck';
import { compile } from '../src/index.js';
import { canLoad, describeEachLlc, kernel, loadAll, pinnedLeft } from './fixture.js';
import { readTool, toolNames as tools, toolPath } from '../../../test/support/debian-tools.js';


/** Tools the checker rejects on this kernel, as bpftrace 0.17 does. */
const REJECTED: Record<string, RegExp> = {
  'runqlen.bt': /cfs_rq/,
};

/**
 * kaddr() symbols: libbpf resolves them from /proc/kallsyms at load. This kernel has no
 * CONFIG_KALLSYMS_ALL, so data symbols such as `avenrun` are missing: then the load must
 * fail on that symbol (bpftrace 0.17 fails too: "Failed to resolve kernel symbol: avenrun").
 */
const KSYMS: Record<string, string> = { 'loads.bt': 'avenrun' };
const kallsyms = (() => {
  try { return new Set(readFileSync('/proc/kallsyms', 'utf8').split('\n').map((l) => l.split(/\s+/)[2])); } catch { return new Set<string>(); }
})();

const lines = (ds: { severity: string; message: string }[]) => ds.filter((d) => d.severity === 'error').map((d) => d.message);

describe.skipIf(tools.length === 0)('Debian bpftrace tools', () => {
  it('finds the 38 installed tools', () => expect(tools.length).toBe(38));
});

if (tools.length) describeEachLlc('Debian bpftrace tools load', (llc) => {
  for (const tool of tools) {
    it(tool, () => {
      const path = toolPath(tool);
      const source = readTool(tool);
      const p = parse(source, { file: path });
      expect(lines(p.diagnostics)).toEqual([]);
      const c = check(p.ast!, kernel, { params: [], unsafe: false, file: path });
      const rejected = REJECTED[tool];
      if (rejected) {
        expect(c.program).toBeUndefined();
        expect(lines(c.diagnostics)[0]).toMatch(rejected);
        return;
      }
      expect(lines(c.diagnostics)).toEqual([]);
      const r = compile(c.program!, { kernel, llc });
      expect(lines(r.diagnostics)).toEqual([]);
      expect(r.object).toBeDefined();
      if (!canLoad) {
        console.warn('!!! SKIPPED verifier load: needs root, bpftool and /sys/fs/bpf !!!');
        return;
      }
      const err = loadAll(r.object!);
      const ksym = KSYMS[tool];
      if (ksym && !kallsyms.has(ksym)) {
        expect(err).toMatch(new RegExp(`extern '${ksym}' \\(strong\\): not resolved`));
        expect(pinnedLeft()).toBe(false);
        return;
      }
      expect(err, err ? `${tool}: verifier log:\n${err}` : '').toBeUndefined();
      expect(pinnedLeft()).toBe(false);
    });
  }
});
