// Software and hardware perf event names with their aliases and default sample
// counts (bpftrace 0.17's tables; the count applies when the script gives none).

export interface PerfEventInfo {
  name: string;
  alias: string;
  defaultCount: number;
  /** PERF_COUNT_SW_* / PERF_COUNT_HW_* value. */
  config: number;
}

export const SOFTWARE_EVENTS: readonly PerfEventInfo[] = [
  { name: 'cpu-clock', alias: 'cpu', defaultCount: 1000000, config: 0 },
  { name: 'task-clock', alias: '', defaultCount: 1000000, config: 1 },
  { name: 'page-faults', alias: 'faults', defaultCount: 100, config: 2 },
  { name: 'context-switches', alias: 'cs', defaultCount: 1000, config: 3 },
  { name: 'cpu-migrations', alias: '', defaultCount: 1, config: 4 },
  { name: 'minor-faults', alias: '', defaultCount: 100, config: 5 },
  { name: 'major-faults', alias: '', defaultCount: 1, config: 6 },
  { name: 'alignment-faults', alias: '', defaultCount: 1, config: 7 },
  { name: 'emulation-faults', alias: '', defaultCount: 1, config: 8 },
  { name: 'dummy', alias: '', defaultCount: 1, config: 9 },
  { name: 'bpf-output', alias: '', defaultCount: 1, config: 10 },
];

export const HARDWARE_EVENTS: readonly PerfEventInfo[] = [
  { name: 'cpu-cycles', alias: 'cycles', defaultCount: 1000000, config: 0 },
  { name: 'instructions', alias: '', defaultCount: 1000000, config: 1 },
  { name: 'cache-references', alias: '', defaultCount: 1000000, config: 2 },
  { name: 'cache-misses', alias: '', defaultCount: 1000000, config: 3 },
  { name: 'branch-instructions', alias: 'branches', defaultCount: 100000, config: 4 },
  { name: 'branch-misses', alias: '', defaultCount: 100000, config: 5 },
  { name: 'bus-cycles', alias: '', defaultCount: 100000, config: 6 },
  { name: 'frontend-stalls', alias: '', defaultCount: 1000000, config: 7 },
  { name: 'backend-stalls', alias: '', defaultCount: 1000000, config: 8 },
  { name: 'ref-cycles', alias: '', defaultCount: 1000000, config: 9 },
];

export function findPerfEvent(table: readonly PerfEventInfo[], name: string): PerfEventInfo | undefined {
  return table.find((e) => e.name === name || (e.alias !== '' && e.alias === name));
}
