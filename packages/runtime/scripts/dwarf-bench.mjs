// Times our DWARF reader on one ELF file (or its separate debug file, by path):
//   node scripts/dwarf-bench.mjs FILE [FUNC ...]   (after `npm run build`)
// Reports, as the median of 5 runs: reading the sections (zlib-inflated when compressed)
// and the unit headers; looking up each FUNC's prototype with its parameter types, first
// thing after opening (through .debug_aranges when the file has it: one unit read per
// function); and building the whole name index (every DIE at file scope of every unit).
import { readFileSync } from 'node:fs';
import { readDwarfTypes } from '../dist/index.js';

const [file, ...funcs] = process.argv.slice(2);
if (!file) { console.error('usage: node scripts/dwarf-bench.mjs FILE [FUNC ...]'); process.exit(2); }
const bytes = new Uint8Array(readFileSync(file));
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const open = [], index = [], lookup = [];
let units = 0, names = 0, found = 0;
for (let i = 0; i < 5; i++) {
  const t0 = performance.now();
  const t = readDwarfTypes(bytes);
  const t1 = performance.now();
  if (!t) { console.error(`${file}: no DWARF`); process.exit(1); }
  found = funcs.filter((f) => t.func(f)).length;
  const t2 = performance.now();
  names = t.buildIndex();
  const t3 = performance.now();
  units = t.unitCount;
  open.push(t1 - t0); lookup.push(t2 - t1); index.push(t3 - t2);
}
console.log(`${file}: ${(bytes.length / 1e6).toFixed(1)} MB, ${units} units, ${names} names; ` +
  `open ${median(open).toFixed(1)} ms, ${funcs.length} lookups (${found} found) ${median(lookup).toFixed(1)} ms, ` +
  `whole index ${median(index).toFixed(1)} ms (median of 5)`);
