// Build step: compile src/bpftrace.ohm (the source of truth) to an ohm grammar recipe
// and embed it as a string module. Building a grammar from its recipe takes ~5 ms;
// compiling the .ohm text at start-up took ~500 ms. The module imports nothing from
// node:* at run time, so the parser still runs in browsers.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import * as ohm from 'ohm-js';

const src = fileURLToPath(new URL('../src/bpftrace.ohm', import.meta.url));
const out = fileURLToPath(new URL('../src/grammar-source.generated.ts', import.meta.url));
const recipe = ohm.grammar(readFileSync(src, 'utf8')).toRecipe();
JSON.parse(recipe); // ohm's recipes are JSON; grammar.ts relies on that (makeRecipe parses strings)
const body =
  '// Generated from bpftrace.ohm by scripts/embed-grammar.mjs (npm run build). Do not edit.\n' +
  `// ohm-js ${ohm.version} grammar recipe, as JSON text (JSON.parse is faster than an object literal).\n` +
  `export const grammarRecipe: string = ${JSON.stringify(recipe)};\n`;
let old = '';
try { old = readFileSync(out, 'utf8'); } catch { /* first build */ }
if (old !== body) writeFileSync(out, body);
