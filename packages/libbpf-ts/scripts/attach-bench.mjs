// Measures attaching one program to every syscalls:sys_enter_* tracepoint, one
// BPF cookie each, and detaching again. Needs root and a build (npx tsc -b).
//   node packages/runtime/scripts/attach-bench.mjs [prefix] [--sync-detach | --exit]
// --exit: no detach at all, process.exit() right after attaching (the kernel
// tears everything down as the process's fds close); time it with `time`.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BpfObject, attachTracepoint, destroyAll, destroyAllAsync } from '../dist/index.js';

const args = process.argv.slice(2);
const prefix = args.find((a) => !a.startsWith('--')) ?? 'sys_enter_';
const src = fileURLToPath(new URL('../test/bpf/cookie.bpf.c', import.meta.url));
const out = join(mkdtempSync(join(tmpdir(), 'attach-bench-')), 'cookie.o');
const multiarch = execFileSync('uname', ['-m']).toString().trim() + '-linux-gnu';
const arch = process.arch === 'arm64' ? 'arm64' : 'x86';
execFileSync('clang-14', ['-g', '-O2', '-target', 'bpf', `-D__TARGET_ARCH_${arch}`, `-I/usr/include/${multiarch}`, '-c', src, '-o', out]);

const events = readdirSync('/sys/kernel/tracing/events/syscalls').filter((e) => e.startsWith(prefix)).sort();
const t0 = performance.now();
const obj = BpfObject.open(new Uint8Array(readFileSync(out)));
obj.load();
const t1 = performance.now();
const prog = obj.program('on_syscall');
const links = [];
const failed = [];
for (const [i, event] of events.entries()) {
  try { links.push(attachTracepoint(prog, { category: 'syscalls', event, cookie: i })); } catch (e) { failed.push(`${event}: ${e.message}`); }
}
const t2 = performance.now();
const attached = links.length;
if (args.includes('--exit')) {
  console.log(`attached ${attached} in ${(t2 - t1).toFixed(0)} ms; exiting without detach at ${Date.now()}`);
  process.exit(0);
}
if (args.includes('--sync-detach')) destroyAll(links);
else await destroyAllAsync(links);
const t3 = performance.now();
obj.close();
const t4 = performance.now();
console.log(`tracepoints: ${events.length} matched, ${attached} attached, ${failed.length} failed`);
console.log(`open+load ${(t1 - t0).toFixed(1)} ms; attach ${(t2 - t1).toFixed(1)} ms (${((t2 - t1) / Math.max(1, attached) * 1000).toFixed(0)} us each); ` +
  `detach ${(t3 - t2).toFixed(0)} ms (${args.includes('--sync-detach') ? 'sync' : 'async'}); close ${(t4 - t3).toFixed(1)} ms`);
for (const f of failed.slice(0, 5)) console.log('  failed', f);
