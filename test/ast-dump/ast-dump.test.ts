// Our `-d ast` on every end-to-end fixture script equals bpftrace 0.17's parser-stage
// dump, recorded by record.mjs into fixtures/NAME.ast (skipped.json: scripts bpftrace
// would not dump, with its reason). Runs the built CLI (`npx tsc -b` first), as root.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
const E2E = join(REPO, 'test-fixtures/e2e');
const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
const BIN = join(REPO, 'packages/cli/bin/bpftrace-ts.js');
const BUILT = existsSync(join(REPO, 'packages/cli/dist/main.js'));
// Our CLI, like bpftrace, refuses to run (even -d) unless root.
const ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
if (!BUILT || !ROOT) console.warn(`ast-dump: SKIPPED (${!BUILT ? 'CLI not built: npx tsc -b' : 'not root'})`);

const skipped = JSON.parse(readFileSync(join(FIXTURES, 'skipped.json'), 'utf8')) as Record<string, string>;
const names = readdirSync(E2E).filter((f) => f.endsWith('.bt')).map((f) => f.slice(0, -3)).sort();

describe.skipIf(!BUILT || !ROOT)('-d ast matches bpftrace 0.17 on the e2e scripts', () => {
  it('every script has a recording or a reason', () => {
    for (const name of names) expect(existsSync(join(FIXTURES, `${name}.ast`)) || name in skipped, name).toBe(true);
  });
  for (const name of names) {
    const reason = skipped[name];
    it.skipIf(reason !== undefined)(reason ? `${name} (skipped: ${reason})` : name, () => {
      const specPath = join(E2E, `${name}.json`);
      const spec = (existsSync(specPath) ? JSON.parse(readFileSync(specPath, 'utf8')) : {}) as { script?: string; params?: string[] };
      const path = join(E2E, `${name}.bt`);
      const script = spec.script === 'file' ? [path] : ['-e', readFileSync(path, 'utf8')];
      const r = spawnSync(process.execPath, [BIN, '-d', 'ast', ...script, ...(spec.params ?? [])], { encoding: 'utf8', timeout: 60_000 });
      expect(r.stdout).toBe(readFileSync(join(FIXTURES, `${name}.ast`), 'utf8'));
    });
  }
});
