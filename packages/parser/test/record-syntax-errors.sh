#!/bin/sh
# Re-record fixtures/syntax-errors.json and fixtures/ast-dumps.json by running the
# oracle, bpftrace 0.17. Inputs: fixtures/syntax-error-cases.json and
# fixtures/ast-cases.json (arrays of scripts). Noise lines (RLIMIT_MEMLOCK,
# available_filter_functions) are stripped.
set -eu
cd "$(dirname "$0")/fixtures"
node - <<'JS'
const { execFileSync } = require('node:child_process');
const fs = require('node:fs');
const noise = (l) => /RLIMIT_MEMLOCK|available_filter_functions/.test(l);
function run(args) {
  try {
    return { out: execFileSync('bpftrace', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 20000 }), err: '' };
  } catch (e) {
    return { out: e.stdout ?? '', err: e.stderr ?? '' };
  }
}
const clean = (s) => s.split('\n').filter((l) => !noise(l)).join('\n');
const errCases = JSON.parse(fs.readFileSync('syntax-error-cases.json', 'utf8'));
const errs = errCases.map((source) => {
  // `-d ast` stops after parsing when the parser fails; nothing gets attached.
  const r = run(['-d', 'ast', '-e', source]);
  return { source, stderr: clean(r.err + r.out) };
});
fs.writeFileSync('syntax-errors.json', JSON.stringify(errs, null, 2) + '\n');
const astCases = JSON.parse(fs.readFileSync('ast-cases.json', 'utf8'));
const asts = astCases.map((source) => {
  const r = run(['-d', 'ast', '-e', source]);
  const text = clean(r.out + '\n' + r.err);
  // Keep the "AST after: parser" section only: optional C text, a blank line, then
  // "Program" up to the next blank line.
  const m = /AST after: parser\n-+\n((?:[\s\S]*?\n\n)??Program\n[\s\S]*?\n)\n/.exec(text);
  return { source, dump: m ? m[1] : null };
});
fs.writeFileSync('ast-dumps.json', JSON.stringify(asts, null, 2) + '\n');
JS
