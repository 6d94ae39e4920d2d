// Every bpftrace tool shipped on this machine parses without diagnostics.
// The files are read where they are installed, never copied into the repo.
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';
import { readTool, toolNames } from '../../../test/support/debian-tools.js';

const files = toolNames;

describe.skipIf(files.length === 0)('/usr/sbin/*.bt', () => {
  it('finds the tools', () => expect(files.length).toBeGreaterThanOrEqual(38));
  for (const f of files) {
    it(f, () => {
      const src = readTool(f);
      const r = parse(src, { file: f });
      expect(r.diagnostics).toEqual([]);
      expect(r.ast!.probes.length).toBeGreaterThan(0);
    });
  }
});
