// Unit tests of the hand-written getopt-style parser and the -c splitter.
import { describe, expect, it } from 'vitest';
import { parseArgs } from '../src/args.js';
import { splitCommand } from '../src/command-split.js';

function ok(argv: string[]) {
  const r = parseArgs(argv);
  if (!r.ok) throw new Error(`expected success, got ${JSON.stringify(r.error)}`);
  return r.options;
}

describe('parseArgs', () => {
  it('takes a file and its parameters', () => {
    const o = ok(['script.bt', 'a', 'b']);
    expect(o.file).toBe('script.bt');
    expect(o.params).toEqual(['a', 'b']);
  });

  it('with -e every positional is a parameter', () => {
    const o = ok(['-e', 'BEGIN {}', 'x', 'y']);
    expect(o.program).toBe('BEGIN {}');
    expect(o.file).toBeUndefined();
    expect(o.params).toEqual(['x', 'y']);
  });

  it('permutes options like GNU getopt (bpftrace 0.17): options after the file still count', () => {
    const o = ok(['script.bt', '-q', 'hello']);
    expect(o.quiet).toBe(true);
    expect(o.params).toEqual(['hello']);
  });

  it('`--` ends options', () => {
    const o = ok(['-e', 'BEGIN {}', '--', '-q', '-5']);
    expect(o.quiet).toBe(false);
    expect(o.params).toEqual(['-q', '-5']);
  });

  it('clusters short flags and attaches values', () => {
    const o = ok(['-qvkk', '-ofile.txt', '-eBEGIN{}']);
    expect(o).toMatchObject({ quiet: true, verbose: true, helperErrors: 2, outputFile: 'file.txt', program: 'BEGIN{}' });
  });

  it('takes long options with = or a separate value, and unique prefixes', () => {
    expect(ok(['--include=a.h', '--include', 'b.h', '-e', 'x']).includes).toEqual(['a.h', 'b.h']);
    expect(ok(['--unsa', '-e', 'x']).unsafe).toBe(true);
  });

  it('stdin is "-"', () => {
    expect(ok(['-', '1']).file).toBe('-');
  });

  it('-l takes an optional search', () => {
    expect(ok(['-l']).listSearch).toBeUndefined();
    expect(ok(['-l', '*sleep*'])).toMatchObject({ list: true, listSearch: '*sleep*' });
    expect(ok(['-lv', 't:syscalls:*'])).toMatchObject({ list: true, verbose: true, listSearch: 't:syscalls:*' });
  });

  it('-d alone dumps every stage; -d STAGE one; -dd is verbose', () => {
    expect(ok(['-d', '-e', 'x']).dump).toEqual(['ast', 'checked', 'ir', 'manifest']);
    expect(ok(['-d', 'ast', '-e', 'x']).dump).toEqual(['ast']);
    expect(ok(['-dir', '-e', 'x']).dump).toEqual(['ir']);
    expect(ok(['-d', 'ir', '-d', 'ast', '-e', 'x']).dump).toEqual(['ast', 'ir']);
    expect(ok(['-dd', '-e', 'x']).dumpVerbose).toBe(true);
  });

  it('validates values as bpftrace does', () => {
    expect(parseArgs(['-f', 'xml', '-e', 'x'])).toMatchObject({ ok: false, error: { kind: 'value' } });
    expect(parseArgs(['-B', 'foo', '-e', 'x'])).toMatchObject({ ok: false, error: { kind: 'value' } });
    expect(parseArgs(['-p', '12x', '-e', 'x'])).toMatchObject({ ok: false, error: { kind: 'value' } });
    expect(ok(['-p', '42', '-B', 'line', '-f', 'json', '-e', 'x'])).toMatchObject({ pid: 42, bufferMode: 'line', format: 'json' });
  });

  it('reports getopt-style usage errors', () => {
    expect(parseArgs(['--bogus'])).toEqual({ ok: false, error: { kind: 'usage', message: "unrecognized option '--bogus'" } });
    expect(parseArgs(['-z'])).toEqual({ ok: false, error: { kind: 'usage', message: "invalid option -- 'z'" } });
    expect(parseArgs(['-e'])).toEqual({ ok: false, error: { kind: 'usage', message: "option requires an argument -- 'e'" } });
    expect(parseArgs([])).toEqual({ ok: false, error: { kind: 'usage', message: undefined } });
  });
});

describe('splitCommand (-c)', () => {
  it('splits at spaces only, keeping quotes, backslashes and tabs as written (as bpftrace)', () => {
    expect(splitCommand(`ls -l "/tmp/a b" 'c' e\\ f\tg`)).toEqual({ ok: true, argv: ['ls', '-l', '"/tmp/a', 'b"', "'c'", 'e\\', 'f\tg'] });
  });
  it('drops the empty words of repeated spaces (bpftrace 0.17 passes them on: a bug)', () => {
    expect(splitCommand('  echo  a   b ')).toEqual({ ok: true, argv: ['echo', 'a', 'b'] });
  });
  it('rejects an empty command', () => {
    expect(splitCommand('   ').ok).toBe(false);
    expect(splitCommand('').ok).toBe(false);
  });
});
