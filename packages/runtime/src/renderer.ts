// What the session needs from the output renderers, and the default adapter over
// ./output/ (pure, written by the output engineer). The session only moves
// bytes; all formatting is output's.
import type { EventSpec, Manifest, MapSpec } from '@bpftrace-ts/artifact';
import {
  formatPrintf, renderAttached, renderExitMaps, renderMap, renderPrintfOutput, renderPrintValue,
  renderTime, renderJoin, type Resolvers,
} from './output/index.js';
import type { MapEntry } from '@bpftrace-ts/libbpf-ts';

export type OutputFormat = 'text' | 'json';

export interface Renderer {
  /** bpftrace's "Attaching N probes..." line (text) or its json "attached_probes" line. */
  attached(count: number, format: OutputFormat): string;
  /**
   * The text an event prints (printf, time, join, print_value). For system and cat
   * the session asks with format 'text' for the command / file name, and then
   * wraps their output with commandOutput. `record` is the whole ring buffer
   * record, event id included: EventField offsets count from its start.
   */
  formatEvent(spec: EventSpec, record: Uint8Array, manifest: Manifest, format: OutputFormat): string;
  /** print(@m, top, div). */
  renderMap(spec: MapSpec, entries: MapEntry[], manifest: Manifest, format: OutputFormat, opts?: { top?: number; div?: number }): string;
  /** The exit-time dump: two newlines, then every map (bpftrace's order). */
  exitMaps(maps: { spec: MapSpec; entries: MapEntry[] }[], manifest: Manifest, format: OutputFormat): string;
  /** Output of a system() command or the contents of a cat() file (JSON types "syscall" and "cat"). */
  commandOutput(text: string, format: OutputFormat, kind?: 'system' | 'cat'): string;
}

/** The renderer built on ./output/, with host lookups (user names, kernel symbols) from `resolve`. */
export function createRenderer(resolve?: Resolvers): Renderer {
  const vctx = (m: Manifest) => ({
    probeNames: m.probeNames, resolve, strftimeFormats: m.strftimeFormats, cgroupPathFilters: m.cgroupPathFilters,
  });
  return {
    attached: renderAttached,
    formatEvent(spec, record, manifest, format) {
      switch (spec.kind) {
        case 'printf':
          return renderPrintfOutput(formatPrintf(spec.format, spec.fields, record, vctx(manifest)), format);
        case 'system': case 'cat':
          return formatPrintf(spec.format, spec.fields, record, vctx(manifest));
        case 'time':
          return renderTime(spec.format, new Date(), format);
        case 'print_value':
          return renderPrintValue(spec.field.layout, record, spec.field.offset, vctx(manifest), format);
        case 'join':
          return renderJoin(record, spec, format);
        default:
          return '';
      }
    },
    renderMap(spec, entries, manifest, format, opts) {
      return renderMap(spec, entries, { ...vctx(manifest), top: opts?.top, div: opts?.div }, format);
    },
    exitMaps(maps, manifest, format) {
      return renderExitMaps(maps, vctx(manifest), format);
    },
    commandOutput: (text, format, kind) => renderPrintfOutput(text, format, kind === 'system' ? 'syscall' : kind),
  };
}
