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

describe('map size', () => {
  it('mapMaxEntries sets max_entries of keyed maps, the default is 4096', () => {
    const entries = (o = {}) => emitIr(checkScript('BEGIN { @[1] = 1; @n = count(); }'), o).manifest!.maps.map((m) => [m.name, m.maxEntries]);
    expect(entries()).toEqual([['@', 4096], ['@n', 1]]);
    expect(entries({ mapMaxEntries: 2 })).toEqual([['@', 2], ['@n', 1]]);
  });
});
