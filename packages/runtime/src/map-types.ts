// Which BPF map types this kernel supports (for --info), by libbpf's probe: it creates
// and closes a small map of each type.
import { mapTypeSupported } from '@bpftrace-ts/libbpf-ts';

/** The map types bpftrace 0.17's --info lists, with their BPF_MAP_TYPE_* numbers, in its order and words. */
const MAP_TYPES: [string, number][] = [
  ['hash', 1], ['percpu hash', 5], ['array', 2], ['percpu array', 6], ['stack_trace', 7], ['perf_event_array', 4],
];

export function supportedMapTypes(): [name: string, supported: boolean][] {
  return MAP_TYPES.map(([name, type]) => [name, mapTypeSupported(type)]);
}
