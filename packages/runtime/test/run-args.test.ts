// Options of a run of a compiled script, parsed as bpftrace parses its own (getopt).
import { describe, expect, it } from 'vitest';
import { parseRunArgs } from '../src/runner/args.js';

const ok = (argv: string[]) => {
  const r = parseRunArgs(argv);
  if (!r.ok) throw new Error(r.message);
  return r.args;
};

describe('parseRunArgs', () => {
  it('clusters, attached values, options after the file, -- before parameters', () => {
    expect(ok(['-qfjson', 'a.o', '-o', 'out', 'x', '--', '-5'])).toEqual({
      format: 'json', quiet: true, outputFile: 'out', file: 'a.o', params: ['x', '-5'], help: false,
    });
    expect(ok(['-c', 'ls -l', '-p123', '-B', 'line', 'a.o'])).toMatchObject({ command: 'ls -l', pid: 123, bufferMode: 'line', params: [] });
  });

  it('refusals: usage errors and bad values', () => {
    expect(parseRunArgs(['-x', 'a.o'])).toEqual({ ok: false, usage: true, message: "invalid option -- 'x'" });
    expect(parseRunArgs(['a.o', '-o'])).toEqual({ ok: false, usage: true, message: "option requires an argument -- 'o'" });
    expect(parseRunArgs(['-kk', 'a.o'])).toMatchObject({ ok: false, usage: true, message: '-k shapes the program: give it to `compile`, not to the run' });
    expect(parseRunArgs(['-p', '0', 'a.o'])).toMatchObject({ ok: false, usage: false, message: "pid '0' is not a valid pid in [1,4194304]" });
    expect(parseRunArgs(['--verbose', 'a.o'])).toMatchObject({ ok: false, message: "unrecognized option '--verbose'" });
  });
});
