// Events the BPF programs could not write to a full ring buffer. Codegen counts
// each failed write in a per-CPU array (Manifest.lostEventsMap, one u64 at key
// 0); the session reports what is new since the last look, as bpftrace reports
// its perf buffer's lost-sample records: "Lost N events".
import type { BpfMap } from '@bpftrace-ts/libbpf-ts';
import { jsonString, readU64 } from './output/index.js';
import type { OutputFormat } from './renderer.js';

export class LostEvents {
  private reported = 0n;
  constructor(private readonly map: BpfMap | undefined) {}

  /** Events lost since the last call (0 without a counter map). */
  takeNew(): number {
    if (!this.map) return 0;
    const perCpu = this.map.lookup(new Uint8Array(4));
    if (!perCpu) return 0;
    const total = perCpu.reduce((sum, v) => sum + readU64(v, 0), 0n);
    const fresh = total - this.reported;
    this.reported = total;
    return Number(fresh);
  }
}

/** bpftrace 0.17's line for lost events: text on the output stream, or its JSON record. */
export function renderLostEvents(n: number, format: OutputFormat): string {
  return format === 'json' ? `{"type": "lost_events", "data": {"events": ${n}}}\n` : `Lost ${n} events\n`;
}

/** A message bpftrace 0.17 files under lost events (a watchpoint it could not attach): its text line, or its JSON record. */
export function renderLostMessage(text: string, format: OutputFormat): string {
  return format === 'json' ? `{"type": "lost_events", "data": ${jsonString(text)}}\n` : `${text}\n`;
}
