// -k (CodegenOptions.helperErrors): map updates check their result and send a
// helper_error event only when asked; BPFTRACE_MAP_KEYS_MAX arrives as mapMaxEntries.
// packages/cli/test/map-full.test.ts runs them in the kernel against bpftrace 0.17.
import { describe, expect, it } from 'vitest';
import { emitIr } from '../src/index.js';
import { checkScript } from './fixture.js';

const SRC = 'BEGIN { @[1] = 1; @x[5] = count(); @y[2]++; @z[3] += 2; }';

describe('helper errors (-k)', () => {
  it('without -k no map update result is checked and no helper_error event exists', () => {
    const r = emitIr(checkScript(SRC));
    expect(r.manifest!.events.filter((e) => e.kind === 'helper_error')).toEqual([]);
    expect(r.ir).not.toContain('helperfailed');
  });

  it('with -k every map update site has its event, each checked in the IR', () => {
    const r = emitIr(checkScript(SRC), { helperErrors: true });
    const sites = r.manifest!.events.flatMap((e) => (e.kind === 'helper_error' ? [[e.helper, e.range.start.column, e.range.end.column, e.equals ?? false]] : []));
    // 1-based [start, end) columns of a piece of SRC.
    const at = (piece: string) => [SRC.indexOf(piece) + 1, SRC.indexOf(piece) + 1 + piece.length];
    expect(sites).toEqual([
      ['map_update_elem', ...at('@[1] = '), true], // the CLI narrows it to the `=`
      ['map_update_elem', ...at('count()'), false],
      ['map_update_elem', ...at('@y[2]++'), false],
      ['map_update_elem', ...at('@z[3] += 2'), false],
    ]);
    expect(r.ir!.match(/^helperfailed\d*:/gm)?.length).toBe(4);
  });
});

describe('helper errors of memory reads (-kk)', () => {
  const READS = 'BEGIN { $s = str(0); $b = buf(0, 2); $x = *(int32*)0; }';
  const sites = (level: boolean | 1 | 2) => emitIr(checkScript(READS), { helperErrors: level }).manifest!.events
    .flatMap((e) => (e.kind === 'helper_error' ? [[e.helper, e.range.start.column, e.range.end.column]] : []));
  it('-k leaves reads unchecked', () => {
    expect(sites(true)).toEqual([]);
    expect(sites(1)).toEqual([]);
  });
  it('-kk checks each read, named and placed as bpftrace 0.17 does (a dereference at its `*`)', () => {
    const at = (piece: string, n = piece.length) => [READS.indexOf(piece) + 1, READS.indexOf(piece) + 1 + n];
    expect(sites(2)).toEqual([['probe_read_str', ...at('str(0)')], ['probe_read', ...at('buf(0, 2)')], ['probe_read', ...at('*(int32*)0', 1)]]);
  });
  it('BEGIN has no address space: probe_read (4) and probe_read_str (45), user or kernel by address', () => {
    const ir = emitIr(checkScript(READS)).ir!;
    expect(ir).toContain('inttoptr (i64 45 to');
    expect(ir).toContain('inttoptr (i64 4 to');
    expect(ir).not.toMatch(/inttoptr \(i64 11[2-5] to/);
  });
});

describe('map size', () => {
  it('mapMaxEntries sets max_entries of keyed maps, the default is 4096', () => {
    const entries = (o = {}) => emitIr(checkScript('BEGIN { @[1] = 1; @n = count(); }'), o).manifest!.maps.map((m) => [m.name, m.maxEntries]);
    expect(entries()).toEqual([['@', 4096], ['@n', 1]]);
    expect(entries({ mapMaxEntries: 2 })).toEqual([['@', 2], ['@n', 1]]);
  });
});
