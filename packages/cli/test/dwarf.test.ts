// uprobes and the binary's DWARF through the CLI, against bpftrace 0.17's recordings of the
// runtime's DWARF workload (packages/runtime/test/bpf/dwarf-args.c, built here; recordings in
// packages/runtime/test/fixtures, by record-dwarf-args.sh there): `-lv` lists each function's
// parameters (no BPF loaded), and `args` in a wildcard uprobe (the CLI expands the function
// names; in the kernel: root, under the kernel lock).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, cli, ensureBuilt, isRoot } from './helpers.js';

beforeAll(ensureBuilt);

const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-dwarf-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BIN = join(dir, 'dwarf-args');
const FIXTURES = join(REPO, 'packages/runtime/test/fixtures');
const recording = readFileSync(join(FIXTURES, 'dwarf-args-list.expected'), 'utf8');
if (!isRoot) console.warn('SKIPPED: wildcard uprobe args in the kernel (not root)');

describe('uprobe -lv lists parameters from DWARF', () => {
  execFileSync('gcc', ['-O0', '-g', '-o', BIN, join(REPO, 'packages/runtime/test/bpf/dwarf-args.c')]);

  it('every function of the workload, as bpftrace 0.17', () => {
    const r = cli(['-lv', `uprobe:${BIN}:*`]);
    expect(r.stderr).toBe('');
    expect(r.stdout.split(BIN).join('{WORKLOAD}')).toBe(recording);
  });

  it('one function, by a relative path (as the runtime suite asks)', () => {
    const r = cli(['-lv', 'uprobe:./dwarf-args:pointers'], { cwd: dir });
    const want = recording.slice(recording.indexOf('uprobe:{WORKLOAD}:pointers'), recording.indexOf('uprobe:{WORKLOAD}:register_tm_clones'));
    expect(r.stdout).toBe(want.split('{WORKLOAD}').join('./dwarf-args'));
  });

  it('no parameters without -v, nor for a binary without debug info', () => {
    expect(cli(['-l', `uprobe:${BIN}:pointers`]).stdout).toBe(`uprobe:${BIN}:pointers\n`);
    const stripped = join(dir, 'stripped');
    execFileSync('objcopy', ['--strip-debug', BIN, stripped]);
    expect(cli(['-lv', `uprobe:${stripped}:pointers`]).stdout).toBe(`uprobe:${stripped}:pointers\n`);
  });
});

describe.skipIf(!isRoot)('uprobe args in a wildcard uprobe', () => {
  // The scripts of the recordings whose function is a wildcard (the runtime's test runs the others).
  const scripts = readFileSync(join(FIXTURES, 'dwarf-args.scripts'), 'utf8').split('\n')
    .map((s, i) => [s, i + 1] as const).filter(([s]) => /:[\w]*\*/.test(s));

  it('has such scripts', () => expect(scripts.length).toBeGreaterThan(0));
  for (const [script, n] of scripts) {
    for (const format of ['text', 'json'] as const) {
      it(`script ${n} matches bpftrace 0.17 (${format})`, () => {
        const r = cli([...(format === 'json' ? ['-f', 'json'] : []), '-e', script.split('{WORKLOAD}').join(BIN), '-c', BIN]);
        expect(r.stderr).toBe('');
        expect(r.stdout.split(BIN).join('{WORKLOAD}')).toBe(readFileSync(join(FIXTURES, `dwarf-args-${n}${format === 'json' ? '.json' : ''}.expected`), 'utf8'));
      });
    }
  }
});
