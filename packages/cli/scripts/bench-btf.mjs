#!/usr/bin/env node
// Benchmark (not a test): how long reading and indexing vmlinux BTF takes. Run after build:
//   node packages/cli/scripts/bench-btf.mjs [path] [runs]
import { readFileSync } from 'node:fs';
import { parseBtf } from '@bpftrace-ts/typecheck';

const path = process.argv[2] ?? '/sys/kernel/btf/vmlinux';
const runs = Number(process.argv[3] ?? 10);
const time = (f) => { const t = performance.now(); const r = f(); return [performance.now() - t, r]; };
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

const [readMs, bytes] = time(() => new Uint8Array(readFileSync(path)));
const parse = [], record = [], enums = [], funcs = [];
let btf;
for (let i = 0; i < runs; i++) {
  let ms;
  [ms, btf] = time(() => parseBtf(bytes)); parse.push(ms);
  [ms] = time(() => btf.record('task_struct')); record.push(ms);
  [ms] = time(() => btf.enumValue('BPF_MAP_TYPE_RINGBUF')); enums.push(ms);
  [ms] = time(() => { for (const n of btf.funcNames().slice(0, 1000)) btf.func(n); }); funcs.push(ms);
}
const f = (x) => `${x.toFixed(1)} ms`;
console.log(`${path}: ${(bytes.length / 1e6).toFixed(2)} MB, ${btf.typeCount} types, read ${f(readMs)}`);
console.log(`parseBtf (header, type offsets, name index), first run ${f(parse[0])}, median of ${runs} ${f(median(parse))}`);
console.log(`record('task_struct') first ${f(record[0])}, median ${f(median(record))}`);
console.log(`first enumValue (builds enumerator index) ${f(enums[0])}, median ${f(median(enums))}`);
console.log(`1000 func() protos ${f(median(funcs))}`);
