// The renderers are pure: `@bpftrace-ts/runtime/output` loads no native addon (koffi's
// .node file is for the loader only), so maps and events render where libbpf is absent.
// A fresh node process records every dlopen while importing the entry point.
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const probe = (specifier: string) => `
const opened = [];
const dlopen = process.dlopen;
process.dlopen = (module, file, ...rest) => { opened.push(file); return dlopen.call(process, module, file, ...rest); };
const m = await import(${JSON.stringify(specifier)});
console.log(JSON.stringify({ opened, exports: Object.keys(m).length }));
`;

const run = (specifier: string) =>
  JSON.parse(execFileSync(process.execPath, ['--input-type=module', '-e', probe(specifier)], { cwd: __dirname, encoding: 'utf8' }));

describe('the output entry point', () => {
  it('imports the renderers without loading any .node file', () => {
    const r = run('@bpftrace-ts/runtime/output');
    expect(r.exports).toBeGreaterThan(10);
    expect(r.opened).toEqual([]);
  });

  it('while the main entry point, the loader, does load koffi (the check can fail)', () => {
    const r = run('@bpftrace-ts/runtime');
    expect(r.opened.some((f: string) => f.endsWith('.node'))).toBe(true);
  });
});
