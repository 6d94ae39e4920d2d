// Function watchpoints get the traced binary as their target (watchpoint-targets.ts): the
// -c command's or /proc/PID/exe, names as bpftrace 0.17 prints them, `*` matched against
// the binary's functions, and 0.17's error without -c/-p. No kernel needed.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { frontend } from '../src/frontend.js';
import { resolveWatchpointTargets, watchedBinary } from '../src/watchpoint-targets.js';
// @ts-expect-error plain JS module shared with the watchpoints recorder
import { buildWorkload } from './fixtures/watchpoints/cases.mjs';

const checked = (src: string) => {
  const r = frontend(src, { file: 'stdin' });
  if (!r.checked) throw new Error(r.diagnostics.map((d) => d.message).join('; '));
  return r.checked;
};

describe('watchedBinary', () => {
  it('the -c command\'s first word (found on PATH when it has no /), else /proc/PID/exe with -p', () => {
    expect(watchedBinary('./prog same 1', undefined)).toBe('./prog');
    expect(watchedBinary('/bin/sh -c true', 1234)).toBe('/bin/sh');
    expect(watchedBinary('sh -c true', undefined)).toMatch(/^\/.*\/sh$/);
    expect(watchedBinary(undefined, 1234)).toBe('/proc/1234/exe');
    expect(watchedBinary(undefined, undefined)).toBeUndefined();
  });
});

describe('resolveWatchpointTargets', () => {
  // The message is 0.17's (fixtures/watchpoints records it for a script's first attach point);
  // 0.17's range of a later attach point also takes the blank before it, a parser-wide difference.
  it('neither -c nor -p: bpftrace 0.17\'s error at each function watchpoint', () => {
    const src = 'BEGIN {} watchpoint:f+arg1:4:w, aw:g+arg0:8:rw { exit(); }';
    const diags = resolveWatchpointTargets(checked(src), 'stdin', {});
    expect(diags.map((d) => [d.severity, d.message, d.file, d.range!.start.column, d.range!.end.column])).toEqual([
      ['error', '-p PID or -c CMD required for watchpoint', 'stdin', src.indexOf('watchpoint:') + 1, src.indexOf(',') + 1],
      ['error', '-p PID or -c CMD required for watchpoint', 'stdin', src.indexOf('aw:') + 1, src.lastIndexOf(' {') + 1],
    ]);
  });

  it('address watchpoints and other probes are left alone', () => {
    const c = checked('watchpoint:0x1000:8:w, uprobe:/bin/sh:main { }');
    const before = structuredClone(c.probes[0]!.attach);
    expect(resolveWatchpointTargets(c, 'stdin', {})).toEqual([]);
    expect(c.probes[0]!.attach).toEqual(before);
  });

  it('-p: the process\'s executable; argN appears in the name unless it is arg0', () => {
    const c = checked('watchpoint:f+arg1:4:w, asyncwatchpoint:g+arg0:8:rw { }');
    expect(resolveWatchpointTargets(c, 'stdin', { pid: 42 })).toEqual([]);
    expect(c.probes[0]!.attach.map((a) => [a.target, a.func, a.name])).toEqual([
      ['/proc/42/exe', 'f', 'watchpoint:/proc/42/exe:f:1:4:w'],
      ['/proc/42/exe', 'g', 'asyncwatchpoint:/proc/42/exe:g:8:rw'],
    ]);
  });

  const hasGcc = spawnSync('gcc', ['--version']).status === 0;
  if (!hasGcc) console.warn('SKIPPED watchpoint wildcard expansion test: gcc is not installed');
  const dir: string = hasGcc ? buildWorkload() : '';
  afterAll(() => { if (dir) rmSync(dir, { recursive: true, force: true }); });

  it.skipIf(!hasGcc)('-c: a wildcard is matched against the binary\'s functions, one attach point each', () => {
    const exe = join(dir, 'watch');
    const c = checked('watchpoint:step_*+arg0:4:w { } w:nomatch*+arg0:4:w { }');
    expect(resolveWatchpointTargets(c, 'stdin', { command: `${exe} steps` })).toEqual([]);
    expect(c.probes[0]!.attach.map((a) => a.name)).toEqual(['step_1', 'step_2', 'step_3'].map((f) => `watchpoint:${exe}:${f}:4:w`));
    expect(c.probes[1]!.attach).toEqual([]);
  });
});
