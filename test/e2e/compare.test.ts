// Unit tests of the comparison modes (pure; run anywhere, no BPF needed).
import { describe, expect, it } from 'vitest';
import { checkHistBars, checkOutput, comparableView, lineValue, splitItems } from './compare.js';
import { normalize } from './harness.js';
import { uniqueComm, WORKLOAD_COMM } from './workload.js';

const bar = (n: number) => '|' + '@'.repeat(n) + ' '.repeat(52 - n) + '|';

const hists = [
  'Attaching 1 probe...',
  '',
  '',
  '@[bash]: ',
  `[0]                    2 ${bar(52)}`,
  `[1]                    1 ${bar(26)}`,
  '',
  '@[bpfts_workload]: ',
  `(..., 0)               3 ${bar(0)}`,
  `[512, 1K)            300 ${bar(52)}`,
  '',
  '',
].join('\n');

describe('splitItems', () => {
  it('groups a histogram with its trailing blank line', () => {
    const items = splitItems(hists);
    expect(items.map((i) => i.lines.length)).toEqual([1, 1, 1, 4, 4, 1]);
  });
});

describe('comparableView', () => {
  it('filtered: drops other comms, histogram and all', () => {
    const view = comparableView(hists, { mode: 'filtered', select: '^@\\[', keep: '^@\\[bpfts_workload\\]' });
    expect(view).toBe(['Attaching 1 probe...', '', '', ...hists.split('\n').slice(7)].join('\n'));
  });
  it('bounds: keeps only the unselected lines', () => {
    const text = 'Attaching 1 probe...\n\n\n@[0]: 5\n@[1]: 7\n';
    expect(comparableView(text, { mode: 'bounds', select: '^@\\[', bounds: [] })).toBe('Attaching 1 probe...\n\n\n');
  });
});

describe('checkOutput', () => {
  const spec = {
    mode: 'bounds' as const,
    select: '^@\\[',
    format: '^@\\[\\d+\\]: \\d+$',
    sortedAscending: true,
    bounds: [{ match: '^@\\[', min: 12, max: 12 }],
  };
  it('accepts values within bounds', () => {
    expect(checkOutput('@[0]: 5\n@[1]: 7\n', spec)).toEqual([]);
  });
  it('reports bounds, format and order', () => {
    expect(checkOutput('@[1]: 7\n@[0]: 4\n@[x]: 0', spec)).toHaveLength(3);
  });
  it('reports a missing line for a bound', () => {
    expect(checkOutput('Attaching 1 probe...\n', spec)).toEqual(['no line matches /^@\\[/']);
  });
  it('counts lines for a count bound', () => {
    const events = { mode: 'bounds' as const, select: '^ev ', bounds: [{ match: ' sync$', count: true, min: 2 }] };
    expect(checkOutput('ev a sync\nev b sync\nev c other\n', events)).toEqual([]);
    expect(checkOutput('ev a sync\nev c other\n', events)).toEqual(['/ sync$/ sums to 1, outside [2, inf]']);
  });
  it('reports a keep pattern that matches nothing', () => {
    expect(checkOutput(hists, { mode: 'filtered', select: '^@', keep: 'nobody' })).toHaveLength(1);
  });
});

describe('checkHistBars', () => {
  it('accepts bpftrace bars', () => expect(checkHistBars(hists)).toEqual([]));
  it('rejects a bar of the wrong length', () => {
    expect(checkHistBars(`[0]   2 ${bar(52)}\n[1]   1 ${bar(25)}`)).toHaveLength(1);
  });
});

describe('lineValue and normalize', () => {
  it('reads map and bucket values', () => {
    expect(lineValue('@[9]: 3')).toBe(3);
    expect(lineValue('@x: -3')).toBe(-3);
    expect(lineValue(`[1000, ...)          126 ${bar(1)}`)).toBe(126);
  });
  it('replaces whole pids only', () => {
    expect(normalize('@[123, a]: 1234\nPID 123', [123])).toBe('@[<PID>, a]: 1234\nPID <PID>');
  });
  it('collapses the padding around a pid, whatever its width', () => {
    expect(normalize('123    comm\n  x 12345 comm', [123, 12345])).toBe('<PID> comm\n  x <PID> comm');
  });
  it('replaces the workload path, then applies masks', () => {
    const masks = [{ regex: '^\\d\\d:\\d\\d:\\d\\d', with: 'HH:MM:SS' }];
    expect(normalize('01:02:03 /tmp/d/bpfts_0a1b2c3d exec\n', [], masks, { binary: '/tmp/d/bpfts_0a1b2c3d', comm: 'bpfts_0a1b2c3d' }))
      .toBe('HH:MM:SS {WORKLOAD} exec\n');
  });
  it("gives this run's workload the expectations' comm, and leaves another run's to the filter", () => {
    const comm = uniqueComm();
    const other = uniqueComm();
    expect(comm).toHaveLength(WORKLOAD_COMM.length); // columns (printf %-16s) keep their width
    expect(comm).not.toBe(other);
    expect(comm).not.toBe(WORKLOAD_COMM);
    const wl = { binary: `/tmp/d/${comm}`, comm };
    const out = normalize(`@opens[${other}]: 7\n@opens[${comm}]: 7\n@opens[bash]: 2\n`, [], [], wl);
    const spec = { mode: 'filtered', select: '^@opens\\[', keep: '^@opens\\[bpfts_workload\\]:' } as const;
    expect(comparableView(out, spec)).toBe(comparableView('@opens[bpfts_workload]: 7\n', spec));
  });
});
