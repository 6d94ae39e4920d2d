// `-lv` of uprobes lists each function's parameters from the binary's DWARF, as
// bpftrace 0.17 does: the runtime's DWARF workload (packages/runtime/test/bpf/dwarf-args.c)
// built here, compared with 0.17's recording of the same listing
// (packages/runtime/test/fixtures/dwarf-args-list.expected, by record-dwarf-args.sh there).
// Listing loads no BPF.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, cli, ensureBuilt } from './helpers.js';

beforeAll(ensureBuilt);

const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-dwarf-list-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const BIN = join(dir, 'dwarf-args');
const recording = readFileSync(join(REPO, 'packages/runtime/test/fixtures/dwarf-args-list.expected'), 'utf8');

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
