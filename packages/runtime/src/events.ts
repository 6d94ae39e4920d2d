// Dispatch of ring buffer records: the u64 at offset 0 is an index into
// Manifest.events; the spec says what to do with the rest of the record.
import { readFileAbortable, runCommand } from './commands.js';
import { strerror } from '@bpftrace-ts/libbpf-ts';
import { readI64, readU64, renderHelperError } from './output/index.js';
import type { EventSpec, Manifest, MapSpec } from '@bpftrace-ts/artifact';
import type { BpfObject } from '@bpftrace-ts/libbpf-ts';
import type { BpfMap } from '@bpftrace-ts/libbpf-ts';
import type { WatchpointControl } from './watchpoints.js';
import type { OutputFormat, Renderer } from './renderer.js';

export interface EventContext {
  manifest: Manifest;
  object: BpfObject;
  renderer: Renderer;
  format: OutputFormat;
  write(text: string): void;
  /** Report a non-fatal problem (unknown event id, failed system()). */
  warn(text: string): void;
  /** An "ERROR: ..." line that does not end the run (a file cat() cannot read, as bpftrace 0.17). */
  error?(text: string): void;
  /** The most bytes of a file cat() prints. */
  catBytesMax?: number;
  /** Ends a running system() command or cat() read (the session is stopping). */
  abort?: AbortSignal;
  /** Function watchpoints, when the manifest has any (watchpoints.ts). */
  watchpoints?: WatchpointControl;
}

/** What the session should do after a record. */
export type EventOutcome = 'continue' | 'exit';

export function eventId(record: Uint8Array): number {
  if (record.length < 8) return -1;
  const id = new DataView(record.buffer, record.byteOffset, 8).getBigUint64(0, true);
  return id > BigInt(Number.MAX_SAFE_INTEGER) ? -1 : Number(id);
}

/**
 * Handle one record. system() and cat() give a promise: later records must wait
 * for it, as bpftrace prints their output in order.
 */
export function handleRecord(ctx: EventContext, record: Uint8Array): EventOutcome | Promise<EventOutcome> {
  const id = eventId(record);
  const spec = ctx.manifest.events[id];
  if (!spec) {
    ctx.warn(`unknown event id ${id} (record of ${record.length} bytes)`);
    return 'continue';
  }
  return handleEvent(ctx, spec, record);
}

function handleEvent(ctx: EventContext, spec: EventSpec, record: Uint8Array): EventOutcome | Promise<EventOutcome> {
  switch (spec.kind) {
    case 'exit':
      return 'exit';
    case 'print_map': {
      const m = findMap(ctx, spec.map);
      if (m) ctx.write(ctx.renderer.renderMap(m.spec, m.map.entries(), ctx.manifest, ctx.format, { top: spec.top, div: spec.div }));
      return 'continue';
    }
    case 'clear':
      findMap(ctx, spec.map)?.map.clear();
      return 'continue';
    case 'zero':
      findMap(ctx, spec.map)?.map.zero();
      return 'continue';
    case 'system': {
      // bpftrace runs the command to completion and prints what it wrote.
      const cmd = ctx.renderer.formatEvent(spec, record, ctx.manifest, 'text');
      return runCommand(cmd, ctx.abort).then((out) => {
        ctx.write(ctx.renderer.commandOutput(out, ctx.format, 'system'));
        return 'continue' as const;
      });
    }
    case 'cat': {
      const file = ctx.renderer.formatEvent(spec, record, ctx.manifest, 'text');
      return readFileAbortable(file, ctx.abort, ctx.catBytesMax).then((r) => {
        // Like bpftrace 0.17: the error, then what was read (nothing, or a "cat" event with "" in JSON).
        if (r.errno !== undefined) (ctx.error ?? ctx.warn)(`failed to open file '${file}': ${strerror(r.errno)}`);
        ctx.write(ctx.renderer.commandOutput(r.text, ctx.format, 'cat'));
        return 'continue' as const;
      });
    }
    case 'helper_error': {
      const ret = readI64(record, spec.field.offset);
      const site = { helper: spec.helper, line: spec.range.start.line, col: spec.range.start.column, where: spec.where, context: spec.context };
      ctx.write(renderHelperError(site, ret, strerror(Number(-ret)), ctx.format));
      return 'continue';
    }
    case 'watchpoint_attach':
      ctx.watchpoints?.attach(spec.watchpoint, readU64(record, spec.addr.offset));
      return 'continue';
    case 'watchpoint_detach':
      ctx.watchpoints?.detach(readU64(record, spec.addr.offset));
      return 'continue';
    default:
      ctx.write(ctx.renderer.formatEvent(spec, record, ctx.manifest, ctx.format));
      return 'continue';
  }
}

/** A manifest map by script name ("@x") or BPF name, with its loaded map. */
export function findMap(ctx: Pick<EventContext, 'manifest' | 'object' | 'warn'>, name: string): { spec: MapSpec; map: BpfMap } | undefined {
  const spec = ctx.manifest.maps.find((m) => m.name === name || m.bpfName === name);
  const map = spec && ctx.object.map(spec.bpfName);
  if (!spec || !map) {
    ctx.warn(`map ${name} not found`);
    return undefined;
  }
  return { spec, map };
}
