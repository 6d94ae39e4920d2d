// In the kernel, through the real pipeline (parse -> check -> codegen -> runSession):
// kstack/ustack, ksym/usym/func, USDT, cpid, -c scoping of uprobes, time() and join(),
// each compared with bpftrace 0.17's recordings in fixtures/ where the output is
// deterministic. The workload is bpf/stacks.c (main -> a -> b -> getppid, one USDT probe).
// The recordings hold placeholders for the machine's parts (normalise.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { compile } from '@bpftrace-ts/codegen';
import { checkScript, kernel } from './live-kernel.js';
import { runSessionDetailed, readElfSymbols, lookupSymbol, type SessionOptions } from '../src/index.js';
import { checkKernelFrames, kernelSnapshot, skipReason, tempPath, warnSkip } from './helpers.js';
import { localCalendar, normalise } from './normalise.mjs';

warnSkip('symbols/usdt tests');

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// In this run's own temp dir; the recordings say {WORKLOAD} for it (it is part of probe names).
// Its name is its comm, which the scripts filter on: unique (stacks_PID), so another checkout's
// workload running at the same time is not traced (the recordings' output does not show it).
const COMM = `stacks_${process.pid}`.slice(0, 15);
const STACKS = tempPath(COMM);
const fixture = (name: string) => readFileSync(here(`fixtures/${name}`), 'utf8');

function buildWorkload(): void {
  execFileSync('gcc', ['-O0', '-g', '-fno-omit-frame-pointer', '-o', STACKS, here('bpf/stacks.c')]);
}

async function run(source: string, extra: Partial<SessionOptions> & { unsafe?: boolean } = {}) {
  const { object, manifest, diagnostics } = compile(checkScript(source, [], extra.unsafe ?? false), { kernel });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const snap = kernelSnapshot();
  let out = '';
  const result = await runSessionDetailed({
    object: object!, manifest: manifest!, format: 'text', write: (t) => { out += t; }, writeError: () => {}, childStdio: 'ignore', ...extra,
  });
  const names = manifest!.programs.map((p) => p.name.slice(0, 15));
  expect(snap.leaked(names)).toEqual({ progs: [], links: [] });
  return { out, result, manifest: manifest! };
}

/** Replace each frame with its shape, so stacks from different runs compare. */
const frameShapes = (s: string) => s.replace(/^ {4}\S+$/gm, '    FRAME');

describe.skipIf(!!skipReason)('stacks, symbols, usdt, cpid (in the kernel)', () => {
  buildWorkload();

  it('reads function symbols from an ELF file like nm', () => {
    const elf = readElfSymbols(readFileSync(STACKS))!;
    const nm = execFileSync('nm', [STACKS]).toString();
    for (const name of ['a', 'b', 'main']) {
      const addr = BigInt('0x' + new RegExp(`^([0-9a-f]+) T ${name}$`, 'm').exec(nm)![1]);
      expect(lookupSymbol(elf.symbols, addr + 1n)).toEqual({ name, offset: 1n });
    }
  });

  const stackScript = `tracepoint:syscalls:sys_enter_getppid /comm == "${COMM}"/ { @[ustack] = count(); @k[kstack(2)] = count(); }
    tracepoint:syscalls:sys_enter_clock_nanosleep /comm == "${COMM}"/ { exit(); }`;

  for (const format of ['text', 'json'] as const) {
    it(`ustack is symbolised from the ELF (b, a, main in order), kstack from kallsyms; layout as bpftrace (${format})`, async () => {
      const { out, result } = await run(stackScript, { format, childCommand: [STACKS, '3', '1000'] });
      expect(result.exitCode).toBe(0);
      const user = format === 'text' ? /@\[\n {4}b\+\d+\n {4}a\+\d+\n {4}main\+\d+\n/ : /"\\n {4}b\+\d+\\n {4}a\+\d+\\n {4}main\+\d+\\n/;
      expect(out).toMatch(user);
      const frames = checkKernelFrames(out);
      expect(frames).toEqual({ problems: [], perf: 0, plain: 2 });
      // Frames differ from run to run (addresses, and kernel frames with what else is attached): compare the layout.
      const shape = (s: string) => format === 'text' ? frameShapes(normalise(s)) : normalise(s).replace(/(\\n {4})[^\\"]+/g, '$1FRAME');
      const expected = fixture(format === 'text' ? 'stacks.expected' : 'stacks.json.expected');
      if (format === 'text') expect(shape(out)).toBe(shape(expected));
      else expect(out.split('\n').length).toBe(expected.split('\n').length);
    });
  }

  for (const format of ['text', 'json'] as const) {
    it(`usdt probes fire, scoped to the -c child, and cpid is its pid (${format})`, async () => {
      const { out } = await run(`usdt:${STACKS}:bpftrace_ts:tick { @[probe, pid == cpid] = count(); }`, { format, childCommand: [STACKS, '4'] });
      expect(normalise(out, { workload: STACKS })).toBe(fixture(format === 'text' ? 'usdt.expected' : 'usdt.json.expected'));
    });

    it(`func, usym and ksym print symbol names (${format})`, async () => {
      // The recording used do_syscall_64's address + 5 on this machine; look it up again (KASLR).
      const addr = /^([0-9a-f]+) T do_syscall_64$/m.exec(readFileSync('/proc/kallsyms', 'utf8'))![1];
      const { out } = await run(`uprobe:${STACKS}:a { printf("%s|%s|%s\\n", func, usym(reg("ip")), ksym(0x${addr} + 5)); exit(); }`,
        { format, childCommand: [STACKS, '1', '500'] });
      expect(out).toBe(fixture(format === 'text' ? 'syms.expected' : 'syms.json.expected'));
    });

    it(`time() formats like bpftrace (${format})`, async () => {
      const { out } = await run('BEGIN { time("%Y|%m|%d\\n"); time(); time("%H:%M:%S 100%% %%done %j\\n"); time("no newline"); exit(); }', { format });
      // Dates and times differ from the recording: masked, then checked against the clock (in TZ).
      expect(normalise(out)).toBe(fixture(format === 'text' ? 'time.expected' : 'time.json.expected'));
      const [, ymd, t1, t2, yday] = /(\d{4}\|\d\d\|\d\d)(?:\n|\\n).*?(\d\d:\d\d:\d\d)(?:\n|\\n).*?(\d\d:\d\d:\d\d) 100% %done (\d{3})/s.exec(out)!;
      expect(t2! >= t1! || t1!.startsWith('23:59')).toBe(true);
      const shown = new Date(`${ymd!.replace(/\|/g, '-')}T${t2}`);
      expect(Math.abs(shown.getTime() - Date.now())).toBeLessThan(5000);
      expect({ ymd, yday }).toEqual({ ymd: localCalendar(shown).ymd, yday: localCalendar(shown).yday });
    });

    it(`join() prints argv like bpftrace (${format})`, async () => {
      const { out } = await run('tracepoint:syscalls:sys_enter_execve /pid == cpid/ { join(args->argv); join(args->argv, ","); join(args->argv, ""); exit(); }',
        { format, childCommand: ['/bin/echo', 'a', 'bc', '""', 'd'] });
      // The recording also caught the echo's own output line: drop it.
      const expected = fixture(format === 'text' ? 'join.expected' : 'join.json.expected').split('\n').filter((l) => l !== 'a bc "" d').join('\n');
      expect(out).toBe(expected);
    });
  }

  it('with -c, uprobes fire only in the child', async () => {
    let other: ReturnType<typeof spawn> | undefined;
    const { out } = await run(`uprobe:${STACKS}:a { @ = count(); }`, {
      childCommand: [STACKS, '5'],
      // Another process running the same binary while the probes are attached.
      onAttached: () => { other = spawn(STACKS, ['7']); },
    });
    await new Promise((r) => (other!.exitCode !== null ? r(0) : other!.on('exit', r)));
    expect(out).toBe('Attaching 1 probe...\n\n\n@: 5\n');
  });
});
