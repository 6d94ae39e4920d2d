// Every .bt tool Debian's bpftrace package installs (/usr/sbin/*.bt) must lint with no
// error against the kernel profile shipped with the CLI (tracepoint formats, BTF and kernel
// functions of a kernel like this one). The tools are read from /usr/sbin at test time, never copied.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { parse } from '@bpftrace-ts/parser';
import { check } from '../src/index.js';
import { shippedKernelInfo } from './kernel/this-kernel.js';
import { firstLine } from './helpers.js';
import { readTool, toolNames as tools, toolPath } from '../../../test/support/debian-tools.js';

/**
 * Tools that are broken against this kernel for bpftrace 0.17 too: the error table
 * (error-cases.mjs, `tool-NAME`) holds bpftrace's recorded first error, which must be ours.
 */
const fixtures: { name: string; expected: string | null }[] = JSON.parse(readFileSync(new URL('./fixtures/errors.json', import.meta.url), 'utf8'));
const brokenForBpftrace = new Map(fixtures.filter((f) => f.name.startsWith('tool-') && f.expected).map((f) => [`${f.name.slice(5)}.bt`, f.expected!]));


describe.skipIf(tools.length === 0)('Debian bpftrace tools lint clean', () => {
  const kernel = shippedKernelInfo();
  it('finds the 38 installed tools', () => expect(tools.length).toBe(38));
  for (const tool of tools) {
    it(tool, () => {
      const path = toolPath(tool);
      const source = readTool(tool);
      const p = parse(source, { file: path });
      expect(p.diagnostics.filter((d) => d.severity === 'error').map(firstLine)).toEqual([]);
      const r = check(p.ast!, kernel, { params: [], unsafe: false, file: path });
      const errors = r.diagnostics.filter((d) => d.severity === 'error').map(firstLine);
      const theirs = brokenForBpftrace.get(tool);
      if (theirs !== undefined) {
        expect(errors[0]).toBe(theirs);
        return;
      }
      expect(errors).toEqual([]);
      expect(r.program).toBeDefined();
    });
  }
});
