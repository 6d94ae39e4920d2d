// `bpftrace-ts run`: artifacts written by `compile`, run with the options that still make sense
// after compilation. Bad artifacts and misplaced options get one line and exit 1, root or not;
// the kernel cases compare with the direct run or with bpftrace 0.17's recordings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cli, ensureBuilt, isRoot } from './helpers.js';

let dir: string;
beforeAll(() => {
  ensureBuilt();
  dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-run-'));
  chmodSync(dir, 0o755); // readable by nobody, for the not-root case
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Compile `script` to DIR/NAME.o; extra compile arguments (parameters, -k) after the file. */
function compile(name: string, script: string, extra: string[] = [], env?: Record<string, string>): string {
  const src = join(dir, `${name}.bt`);
  writeFileSync(src, script);
  const out = join(dir, `${name}.o`);
  const r = cli(['compile', src, ...extra, '-o', out], { env });
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  chmodSync(out, 0o644);
  return out;
}

/** One `ERROR:` line, exit 1, nothing on stdout. */
function expectOneLine(r: ReturnType<typeof cli>, message: string | RegExp): void {
  expect(r.stdout).toBe('');
  if (typeof message === 'string') expect(r.stderr).toBe(`ERROR: ${message}\n`);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  expect(r.code).toBe(1);
}

describe('run: refusals (no kernel needed)', () => {
  it('bad artifacts: one line naming the file and what is wrong', () => {
    const good = compile('good', 'BEGIN { exit(); }\n');
    const bytes = readFileSync(good);
    const cut = join(dir, 'cut.o');
    writeFileSync(cut, bytes.subarray(0, 100));
    expectOneLine(cli(['run', cut]), new RegExp(`^ERROR: ${cut}: truncated: the section headers would end at byte \\d+, past the end of the file \\(100 bytes\\)\\n$`));
    expectOneLine(cli(['run', process.execPath]), new RegExp(`^ERROR: ${process.execPath}: an ELF object for (x86-64|AArch64) \\(e_machine \\d+\\), not for BPF\\n$`));
    const text = join(dir, 'script.bt');
    writeFileSync(text, 'BEGIN { exit(); }\n');
    expectOneLine(cli(['run', text]), `${text}: not an ELF file (no \\x7fELF magic): not a BPF object`);
    expectOneLine(cli(['run', join(dir, 'missing.o')]), `cannot read '${join(dir, 'missing.o')}': No such file or directory`);
    // A manifest byte changed: the JSON no longer parses.
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('"format"');
    tampered[at] = 0x7b; // '{'
    const bad = join(dir, 'tampered.o');
    writeFileSync(bad, tampered);
    expectOneLine(cli(['run', bad]), new RegExp(`^ERROR: ${bad}: the \\.bpftrace_ts\\.manifest section is not valid JSON \\(.*\\)\\n$`));
  });

  it('positional parameters: as many as compiled with; those that shape the program unchanged; integers stay integers', () => {
    // $1 is a string (its size comes from its text), $2 an integer read from a global, $3 sizes
    // an lhist and $4 names a probe: only $2 may change.
    const art = compile('params', 'BEGIN { printf("%s %d\\n", str($1), $2); @h = lhist(1, 0, $3, 1); exit(); }\ninterval:ms:$4 { exit(); }\n',
      ['a b', '7', '10', '100']);
    const json = JSON.parse(Buffer.from(readFileSync(art)).toString('latin1').match(/\{"format":"bpftrace-ts-artifact".*?\}(?=\0)/s)![0]);
    expect(json.params).toEqual(['a b', '7', '10', '100']);
    expect(json.paramGlobals).toEqual([{ index: 2, symbol: 'bpftrace_param_2' }]);
    expectOneLine(cli(['run', art, 'a b', '7']),
      `${art}: compiled with 4 positional parameters ($1="a b" $2="7" $3="10" $4="100"), given 2 ($1="a b" $2="7"): give as many`);
    expectOneLine(cli(['run', art, 'x', '7', '10', '100']),
      `${art}: $1 shapes the program (a probe, a size, a string...): it was compiled as "a b", given "x"; compile again with it`);
    expectOneLine(cli(['run', art, 'a b', 'seven', '10', '100']), `${art}: $2 must be an integer (it was compiled as one), given "seven"`);
    expectOneLine(cli(['run', art, 'a b', '8', '11', '100']), /\$3 shapes the program .* compiled as "10", given "11"/);
    expectOneLine(cli(['run', art, 'a b', '8', '10', '50']), /\$4 shapes the program .* compiled as "100", given "50"/);
  });

  it('cpid needs -c, as bpftrace says when it compiles', () => {
    const art = compile('cpid', 'BEGIN { printf("%d\\n", cpid); exit(); }\n');
    expectOneLine(cli(['run', art]), `${art} uses cpid, which cannot be used without child command (-c)`);
  });

  it('options that shape the program belong to compile; bad option values as bpftrace words them', () => {
    const art = join(dir, 'good.o');
    for (const o of ['-k', '-e', '-d', '-I']) {
      const r = cli(['run', o, 'x', art]);
      expect(r.stderr).toMatch(new RegExp(`^bpftrace-ts run: ${o} shapes the program: give it to \`compile\`, not to the run\\nUSAGE:`));
      expect(r.code).toBe(1);
    }
    expect(cli(['run', '-f', 'xml', art]).stderr).toBe("ERROR: Invalid output format \"xml\"\nValid formats: 'text', 'json'\n");
    expect(cli(['run', '-B', 'half', art]).stderr).toBe("ERROR: USAGE: -B must be either 'line', 'full', or 'none'.\n");
    expect(cli(['run']).stderr).toMatch(/^bpftrace-ts run: no compiled script given\nUSAGE:\n {4}bpftrace-ts run \[options\] FILE\.o/);
    const help = cli(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stderr).toContain('-c \'CMD\'');
  });

  it.skipIf(!isRoot)('a valid artifact, not root: the root line, after the artifact was checked', () => {
    expectOneLine(cli(['run', join(dir, 'good.o')], { asNobody: true }), 'bpftrace-ts currently only supports running as the root user.');
  });
});

const noKernel = !isRoot ? 'they need root and BPF' : undefined;
if (noKernel) console.warn(`\n!!! SKIPPED run-artifact kernel tests: ${noKernel} !!!\n`);

describe.skipIf(noKernel !== undefined)('run: in the kernel', () => {
  it('integer parameters given to the run: the output of the direct run with them', () => {
    const script = 'BEGIN { printf("%d %d\\n", $1, $1 * $2); if ($1 > 5) { printf("big\\n"); } @[$2] = $1; exit(); }\n';
    const art = compile('ints', script, ['42', '2']);
    for (const ps of [['42', '2'], ['--', '3', '-4'], ['0x10', '010']]) {
      const r = cli(['run', art, ...ps]);
      const d = cli([join(dir, 'ints.bt'), ...ps]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout, ps.join(' ')).toBe(d.stdout);
    }
    // The run's values, not the compiled ones (42 and 2).
    expect(cli(['run', art, '--', '3', '-4']).stdout).toMatch(/^Attaching 1 probe\.\.\.\n3 -12\n\n+@\[-4\]: 3\n$/);
  });

  it('-o, -q and -B full: the file the direct run writes', () => {
    const script = 'BEGIN { printf("one\\n"); @a[1] = 2; @b = hist(5); exit(); }\n';
    const art = compile('file', script);
    const [viaRun, direct] = [join(dir, 'run.out'), join(dir, 'direct.out')];
    const r = cli(['run', '-q', '-B', 'full', '-o', viaRun, art]);
    const d = cli(['-q', '-B', 'full', '-o', direct, join(dir, 'file.bt')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(d.code).toBe(0);
    expect(r.stdout).toBe(d.stdout);
    expect(readFileSync(viaRun, 'utf8')).toBe(readFileSync(direct, 'utf8'));
    expect(readFileSync(viaRun, 'utf8')).toContain('@b: \n[4, 8)');
  });

  it('-p: a gone process is refused as bpftrace does; a live one ends the run when it exits', async () => {
    const art = compile('pid', 'interval:ms:50 { @ticks = count(); } END { printf("end\\n"); }\n');
    const gone = cli(['run', '-p', '4000000', art]);
    expect(gone.stderr).toBe('ERROR: : No such process\n');
    expect(gone.code).toBe(1);
    // The run ends when the process does, printing what the direct run prints (ticks vary).
    const traced = (args: string[]) => {
      const sleeper = spawn('sleep', ['0.6'], { stdio: 'ignore' });
      try {
        return cli([...args.slice(0, 1), '-p', String(sleeper.pid), ...args.slice(1)], { timeout: 10_000 });
      } finally {
        sleeper.kill();
      }
    };
    const r = traced(['run', art]);
    const d = traced([join(dir, 'pid.bt')]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(d.code).toBe(0);
    const ticks = (t: string) => t.replace(/@ticks: \d+/, '@ticks: N');
    expect(ticks(r.stdout)).toBe(ticks(d.stdout));
    expect(r.stdout).toMatch(/^Attaching 2 probes\.\.\.\nend\n/);
  });

  it('-k compiled in: helper errors print as bpftrace 0.17 printed them (recordings of map-full.test.ts)', () => {
    const oracle = JSON.parse(readFileSync(new URL('./fixtures/map-full.json', import.meta.url), 'utf8')) as {
      cases: { args: string[]; env: Record<string, string>; stdout: string; code: number }[];
    };
    for (const [i, c] of oracle.cases.entries()) {
      // -e 'text' becomes a script read from stdin: diagnostics say "stdin" either way.
      const script = c.args[c.args.indexOf('-e') + 1]!;
      const format = c.args[c.args.indexOf('-f') + 1]!;
      const out = join(dir, `k${i}.o`);
      const comp = cli(['compile', '-', '-k', '-o', out], { input: script, env: c.env });
      expect(comp.stderr).toBe('');
      const r = cli(['run', '-f', format, out]);
      expect(r.stdout, c.args.join(' ')).toBe(c.stdout);
      expect(r.code).toBe(c.code);
    }
  });
});
