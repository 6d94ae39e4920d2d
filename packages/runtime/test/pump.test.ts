// The event pump, the stop control and the async commands, without the kernel:
// a fake record source stands in for the ring buffer.
import { describe, expect, it } from 'vitest';
import { EventPump, BATCH, type RecordSource } from '../src/pump.js';
import { StopControl } from '../src/stop.js';
import { readFileAbortable, runCommand } from '../src/commands.js';
import { renderLostEvents } from '../src/lost-events.js';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventOutcome } from '../src/events.js';

const rec = (n: number) => Uint8Array.of(n & 0xff, n >> 8);
const num = (r: Uint8Array) => r[0]! | (r[1]! << 8);

/** A source that never runs dry, like a ring buffer under a flood. */
class Flood implements RecordSource {
  next = 0;
  take(max: number) { return Array.from({ length: max }, () => rec(this.next++ % 65536)); }
  whenReadable(cb: () => void) { const t = setImmediate(cb); return { cancel: () => clearImmediate(t) }; }
}

/** A fixed list of records, then nothing. */
class List implements RecordSource {
  constructor(private records: Uint8Array[]) {}
  take(max: number) { return this.records.splice(0, max); }
  whenReadable() { return { cancel: () => {} }; }
}

describe('EventPump', () => {
  it('lets timers and stop requests through under an endless flood', async () => {
    const until = new AbortController();
    let handled = 0;
    const pump = new EventPump(new Flood(), () => { handled++; return 'continue'; });
    setTimeout(() => until.abort(), 50);
    const started = Date.now();
    expect(await pump.run(until.signal)).toBe('stopped');
    expect(Date.now() - started).toBeLessThan(1000);
    expect(handled).toBeGreaterThan(BATCH);
  });

  it('delivers in order, later records waiting for an async handler', async () => {
    const seen: string[] = [];
    const handle = (r: Uint8Array): EventOutcome | Promise<EventOutcome> => {
      const n = num(r);
      if (n === 1) return new Promise((resolve) => setTimeout(() => { seen.push('slow 1'); resolve('continue'); }, 30));
      seen.push(String(n));
      return n === 3 ? 'exit' : 'continue';
    };
    const pump = new EventPump(new List([rec(0), rec(1), rec(2), rec(3), rec(4)]), handle);
    expect(await pump.run(new AbortController().signal)).toBe('exit');
    expect(seen).toEqual(['0', 'slow 1', '2', '3']);
  });

  it('a stop during an async handler keeps the rest of the batch for the drain', async () => {
    const until = new AbortController();
    const seen: number[] = [];
    const handle = (r: Uint8Array): EventOutcome | Promise<EventOutcome> => {
      seen.push(num(r));
      if (num(r) === 1) return new Promise((resolve) => setTimeout(() => { until.abort(); resolve('continue'); }, 10));
      return 'continue';
    };
    const pump = new EventPump(new List([rec(0), rec(1), rec(2), rec(3)]), handle);
    expect(await pump.run(until.signal)).toBe('stopped');
    expect(seen).toEqual([0, 1]);
    expect(await pump.drain(new AbortController().signal, Infinity)).toBe('done');
    expect(seen).toEqual([0, 1, 2, 3]);
  });

  it('drain stops at its deadline under a flood; discard counts what it drops', async () => {
    const pump = new EventPump(new Flood(), () => 'continue');
    const started = Date.now();
    expect(await pump.drain(new AbortController().signal, 30)).toBe('done');
    expect(Date.now() - started).toBeLessThan(500);
    const list = new EventPump(new List(Array.from({ length: 5000 }, (_, i) => rec(i))), () => 'continue');
    expect(list.discard(1000)).toBe(5000);
  });
});

describe('StopControl', () => {
  it('a first SIGINT stops cleanly, a second one hurries; listeners go on dispose', () => {
    const before = process.listenerCount('SIGINT');
    const stop = new StopControl();
    expect(process.listenerCount('SIGINT')).toBe(before + 1);
    process.emit('SIGINT');
    expect(stop.requested).toBe('signal');
    expect([stop.stopping.aborted, stop.hurry.aborted]).toEqual([true, false]);
    process.emit('SIGTERM');
    expect(stop.hurry.aborted).toBe(true);
    stop.dispose();
    expect(process.listenerCount('SIGINT')).toBe(before);
  });

  it("the caller's abort is a stop too", () => {
    const ac = new AbortController();
    const stop = new StopControl({ handleSignals: false, signal: ac.signal });
    ac.abort();
    expect(stop.requested).toBe('abort');
    stop.dispose();
  });
});

describe('system() and cat() commands', () => {
  it('collects a command\'s output', async () => {
    expect(await runCommand('echo foo; echo bar')).toBe('foo\nbar\n');
  });

  it('an abort ends a long command at once, with what it printed so far', async () => {
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 200);
    const started = Date.now();
    expect(await runCommand('echo before; sleep 5; echo after', ac.signal)).toBe('before\n');
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reads a file; a missing one is an error value', async () => {
    const r = await readFileAbortable('/proc/self/status');
    expect(r.errno).toBeUndefined();
    expect(r.text.startsWith('Name:')).toBe(true);
    expect(await readFileAbortable('/nonexistent/file')).toEqual({ text: '', errno: 2 });
    // A directory opens, then fails to read (EISDIR), as in bpftrace 0.17's cat().
    expect(await readFileAbortable('/')).toEqual({ text: '', errno: 21 });
  });

  it('reads at most maxBytes (BPFTRACE_CAT_BYTES_MAX), across chunk boundaries', async () => {
    expect(await readFileAbortable('/proc/self/status', undefined, 5)).toEqual({ text: 'Name:' });
    expect(await readFileAbortable('/proc/self/status', undefined, 0)).toEqual({ text: '' });
    const dir = mkdtempSync(join(tmpdir(), 'bpftrace-ts-cat-'));
    try {
      writeFileSync(join(dir, 'big'), 'x'.repeat(200 * 1024));
      expect((await readFileAbortable(join(dir, 'big'), undefined, 70_000)).text.length).toBe(70_000);
      expect((await readFileAbortable(join(dir, 'big'))).text.length).toBe(200 * 1024);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('lost events line', () => {
  it("is bpftrace's text line or JSON record", () => {
    expect(renderLostEvents(12, 'text')).toBe('Lost 12 events\n');
    expect(renderLostEvents(12, 'json')).toBe('{"type": "lost_events", "data": {"events": 12}}\n');
  });
});
