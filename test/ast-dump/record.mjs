// Record bpftrace 0.17's parser-stage AST dump for every test-fixtures/e2e/*.bt.
// Run as root from anywhere: `node test/ast-dump/record.mjs`.
//
// bpftrace 0.17's -d takes no stage: it prints "AST after: parser", then later stages
// (Semantic, NodeCounter, ..., IR). Only the parser section is kept, verbatim, in
// fixtures/NAME.ast: exactly what our `-d ast` prints. The script is passed as the
// fixture runs it (-e TEXT, or the file for "script": "file") with its params; other
// options (-c, -o, -f) do not change the parse and are dropped. A script bpftrace
// prints no parser section for is listed in fixtures/skipped.json with its error.
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const E2E = fileURLToPath(new URL('../../test-fixtures/e2e/', import.meta.url));
const OUT = fileURLToPath(new URL('./fixtures/', import.meta.url));
const noise = (l) => /RLIMIT_MEMLOCK|available_filter_functions/.test(l);

/** The parser section: from its title to the next "AST after:" (two blank lines apart). */
export function parserSection(stdout) {
  const start = stdout.indexOf('\nAST after: parser\n');
  if (start < 0) return undefined;
  const next = stdout.indexOf('\nAST after:', start + 1);
  return stdout.slice(start, next < 0 ? undefined : next);
}

const skipped = {};
for (const f of readdirSync(E2E).filter((n) => n.endsWith('.bt')).sort()) {
  const name = f.slice(0, -3);
  let spec = {};
  try { spec = JSON.parse(readFileSync(join(E2E, `${name}.json`), 'utf8')); } catch { /* no params */ }
  const path = join(E2E, f);
  const script = spec.script === 'file' ? [path] : ['-e', readFileSync(path, 'utf8')];
  const r = spawnSync('bpftrace', ['-d', ...script, ...(spec.params ?? [])], { encoding: 'utf8', timeout: 60_000 });
  const section = parserSection(r.stdout ?? '');
  rmSync(join(OUT, `${name}.ast`), { force: true });
  if (section === undefined) {
    const why = (r.stderr ?? '').split('\n').filter((l) => l && !noise(l))[0] ?? `no parser section (exit ${r.status})`;
    skipped[name] = why;
    console.log(`${name}: skipped: ${why}`);
    continue;
  }
  writeFileSync(join(OUT, `${name}.ast`), section);
  console.log(`${name}: ${section.split('\n').length} lines`);
}
writeFileSync(join(OUT, 'skipped.json'), JSON.stringify(skipped, null, 2) + '\n');
