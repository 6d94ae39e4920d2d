// Build step: embed src/bpftrace.ohm as a string module, so the parser package
// imports nothing from node:* at run time (it runs in browsers too).
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const src = fileURLToPath(new URL('../src/bpftrace.ohm', import.meta.url));
const out = fileURLToPath(new URL('../src/grammar-source.generated.ts', import.meta.url));
const text = readFileSync(src, 'utf8');
const body =
  '// Generated from bpftrace.ohm by scripts/embed-grammar.mjs (npm run build). Do not edit.\n' +
  `export const grammarSource: string = ${JSON.stringify(text)};\n`;
let old = '';
try { old = readFileSync(out, 'utf8'); } catch { /* first build */ }
if (old !== body) writeFileSync(out, body);
