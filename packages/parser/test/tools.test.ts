// Every bpftrace tool shipped on this machine parses without diagnostics.
// The files are read where they are installed, never copied into the repo.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from '../src/index.js';

const DIR = '/usr/sbin';
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.bt')).sort() : [];

describe.skipIf(files.length === 0)('/usr/sbin/*.bt', () => {
  it('finds the tools', () => expect(files.length).toBeGreaterThanOrEqual(38));
  for (const f of files) {
    it(f, () => {
      const src = readFileSync(`${DIR}/${f}`, 'utf8');
      const r = parse(src, { file: f });
      expect(r.diagnostics).toEqual([]);
      expect(r.ast!.probes.length).toBeGreaterThan(0);
    });
  }
});
