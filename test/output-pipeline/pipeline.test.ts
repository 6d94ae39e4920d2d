// The whole pipeline (parse, check, codegen, load, run, render) on every BEGIN-only script in
// test-fixtures/output/, in text and JSON, against bpftrace 0.17's recordings. Exact, except
// the documented intentional differences (differences.ts) and hash-order ties (ties.ts).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { applyEdits, DIFFERENCES, TIES } from './differences.js';
import { sameUpToTies } from './ties.js';

const DIR = fileURLToPath(new URL('../../test-fixtures/output/', import.meta.url));
const CLI = fileURLToPath(new URL('../../packages/cli/bin/bpftrace-ts.js', import.meta.url));
const BUILT = fileURLToPath(new URL('../../packages/cli/dist/main.js', import.meta.url));
const FORMATS = ['text', 'json'] as const;
type Format = (typeof FORMATS)[number];

function problem(): string | undefined {
  if (process.platform !== 'linux') return 'not Linux';
  if (process.getuid?.() !== 0) return 'not root';
  if (!existsSync('/sys/fs/bpf') && !existsSync('/sys/kernel/btf/vmlinux')) return 'no BPF support visible';
  if (!existsSync(BUILT)) return 'CLI not built (run `npm run build`)';
  return undefined;
}

const why = problem();
if (why) console.warn(`\n!!! output-pipeline tests SKIPPED: ${why}. They need Linux, root, BPF and a build. !!!\n`);

const names = readdirSync(DIR).filter((f) => f.endsWith('.bt')).map((f) => f.slice(0, -3)).sort();

function run(name: string, format: Format): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [CLI, '-f', format, `${name}.bt`], { cwd: DIR, timeout: 30_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${name} (${format}) failed: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

/** Runs every script in both formats, a few at a time (BEGIN-only programs do not interfere). */
async function runAll(): Promise<Map<string, string | Error>> {
  const jobs = names.flatMap((n) => FORMATS.map((f) => [n, f] as const));
  const out = new Map<string, string | Error>();
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const [n, f] = jobs[next++]!;
      out.set(`${n}.${f}`, await run(n, f).catch((e: Error) => e));
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return out;
}

function recording(name: string, format: Format): string {
  return readFileSync(`${DIR}${name}${format === 'json' ? '.json' : ''}.expected`, 'utf8');
}

describe.skipIf(why !== undefined)('bpftrace-ts on test-fixtures/output matches bpftrace 0.17', () => {
  let outputs = new Map<string, string | Error>();
  beforeAll(async () => { outputs = await runAll(); }, 300_000);

  it('has scripts and no stale difference entries', () => {
    expect(names.length).toBeGreaterThanOrEqual(50);
    for (const n of [...Object.keys(DIFFERENCES), ...TIES]) expect(names).toContain(n);
  });

  for (const name of names) {
    for (const format of FORMATS) {
      it(`${name} (${format})`, () => {
        const actual = outputs.get(`${name}.${format}`);
        if (actual instanceof Error) throw actual;
        const diff = DIFFERENCES[name];
        const want = diff ? applyEdits(recording(name, format), diff[format]) : recording(name, format);
        if (TIES.has(name) && actual !== want) expect(sameUpToTies(actual!, want, format), `${actual}\n!==\n${want}`).toBe(true);
        else expect(actual).toBe(want);
      });
    }
  }
});
