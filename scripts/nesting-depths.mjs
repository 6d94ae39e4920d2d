#!/usr/bin/env node
// node scripts/nesting-depths.mjs [--depths 500,1000,...] [--only NAME[,NAME]]
// For each way of nesting (test/property/deep-scripts.ts), at each depth: the first stage
// that fails (parse, -d ast, check, IR, llc), or "ok". Each construct runs in its own child
// process, so a V8 abort or a hang (300 s) shows as such. Uses the built packages (npm run build).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { buildSync } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const argv = process.argv.slice(2);
const opt = (name) => { const i = argv.indexOf(name); return i >= 0 ? argv[i + 1] : undefined; };

/** NESTINGS from the test's TypeScript, through esbuild (no TS loader in this Node). */
async function nestings() {
  const out = buildSync({ entryPoints: [`${ROOT}test/property/deep-scripts.ts`], bundle: true, format: 'esm', write: false, platform: 'node' });
  const url = `data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`;
  return (await import(url)).NESTINGS;
}

/** In a child: one construct at each depth, printing one JSON line per depth. */
async function child(name, depths) {
  const make = (await nestings())[name];
  const { parse, printAst } = await import('@bpftrace-ts/parser');
  const { check } = await import('@bpftrace-ts/typecheck');
  const { emitIr, runLlc } = await import('@bpftrace-ts/codegen');
  const { readDefaultProfile } = await import(`${ROOT}packages/cli/dist/kernel/profile-file.js`);
  const { locateLlcErrors } = await import(`${ROOT}packages/cli/dist/llc-errors.js`);
  const kernel = { ...readDefaultProfile(), features: { kprobes: true, fentry: true, uprobes: true, ringbuf: true, attachCookie: true } };
  for (const depth of depths) {
    const src = make(depth);
    const t0 = performance.now();
    const stage = (() => {
      const bad = (ds) => ds.find((d) => d.severity === 'error');
      const p = parse(src, { file: 'deep.bt' });
      if (bad(p.diagnostics)) return `parse: ${bad(p.diagnostics).message.slice(0, 60)}`;
      try { printAst(p.ast); } catch (e) { return `-d ast: ${String(e).slice(0, 60)}`; }
      const c = check(p.ast, kernel, { params: [], unsafe: false, file: 'deep.bt' });
      if (bad(c.diagnostics)) return `check: ${bad(c.diagnostics).message.slice(0, 60)}`;
      const ir = emitIr(c.program, { kernel });
      if (bad(ir.diagnostics)) return `ir: ${bad(ir.diagnostics).message.slice(0, 60)}`;
      const o = runLlc(ir.ir);
      // As the CLI reports it: the BPF stack error placed on the probe.
      const [d] = locateLlcErrors(o.diagnostics, c.program);
      if (!o.object) return `llc: ${d?.range ? `${d.range.start.line}:${d.range.start.column}: ` : ''}${(d?.message ?? '?').slice(0, 60)}`;
      return 'ok';
    })();
    console.log(JSON.stringify({ depth, stage: `${stage} (${((performance.now() - t0) / 1000).toFixed(1)} s)` }));
  }
}

if (argv[0] === '--child') await child(argv[1], argv[2].split(',').map(Number));
else {
  const depths = (opt('--depths') ?? '500,1000,2000,3000,5000,10000').split(',');
  const names = opt('--only')?.split(',') ?? Object.keys(await nestings());
  for (const name of names) {
    const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url), '--child', name, depths.join(',')], { encoding: 'utf8', timeout: 300_000, cwd: ROOT });
    const lines = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    const cells = depths.map((d, i) => `${d}: ${lines[i]?.stage ?? (r.signal ? `killed (${r.signal})` : `died: ${r.stderr.split('\n').find((l) => /Error|abort/i.test(l)) ?? r.status}`)}`);
    console.log(`${name}\n  ${cells.join('\n  ')}`);
  }
}
