// The manifest's schema, as checks typed against manifest.ts: one check per field.
import { and, arr, bool, int, lazy, lit, obj, opt, str, uint, union, type Check } from './check.js';
import type {
  AttachSpec, EventField, EventSpec, Manifest, MapSpec, ProgramSpec, SourceRange, ValueLayout,
} from './manifest.js';
import { ARTIFACT_FORMAT } from './version.js';

type Of<T extends { type: string }, K extends T['type']> = Extract<T, { type: K }>;
type Field = { offset: number; layout: ValueLayout };

const layout: Check<ValueLayout> = lazy(() => valueLayout);
const field: Check<Field> = obj<Field>({ offset: uint, layout });
const stackMode = opt(lit('bpftrace', 'perf'));

const valueLayout: Check<ValueLayout> = union<ValueLayout>('type', {
  int: obj<Of<ValueLayout, 'int'>>({ type: lit('int'), size: lit(1, 2, 4, 8), signed: bool }),
  string: obj<Of<ValueLayout, 'string'>>({ type: lit('string'), size: uint }),
  probe: obj<Of<ValueLayout, 'probe'>>({ type: lit('probe') }),
  ksym: obj<Of<ValueLayout, 'ksym'>>({ type: lit('ksym') }),
  usym: obj<Of<ValueLayout, 'usym'>>({ type: lit('usym'), pidOffset: opt(uint) }),
  kstack: obj<Of<ValueLayout, 'kstack'>>({ type: lit('kstack'), depth: uint, mode: stackMode }),
  ustack: obj<Of<ValueLayout, 'ustack'>>({ type: lit('ustack'), depth: uint, pidOffset: opt(uint), mode: stackMode }),
  username: obj<Of<ValueLayout, 'username'>>({ type: lit('username') }),
  inet: obj<Of<ValueLayout, 'inet'>>({ type: lit('inet'), size: uint }),
  mac_address: obj<Of<ValueLayout, 'mac_address'>>({ type: lit('mac_address') }),
  timestamp: obj<Of<ValueLayout, 'timestamp'>>({ type: lit('timestamp') }),
  cgroup_path: obj<Of<ValueLayout, 'cgroup_path'>>({ type: lit('cgroup_path') }),
  strerror: obj<Of<ValueLayout, 'strerror'>>({ type: lit('strerror') }),
  buffer: obj<Of<ValueLayout, 'buffer'>>({ type: lit('buffer'), size: uint }),
  tuple: obj<Of<ValueLayout, 'tuple'>>({ type: lit('tuple'), size: uint, fields: arr(field) }),
  record: obj<Of<ValueLayout, 'record'>>({
    type: lit('record'), size: uint, align: uint,
    fields: arr(obj<Of<ValueLayout, 'record'>['fields'][number]>({
      name: str, offset: uint, layout, bits: opt(obj<{ offset: number; size: number }>({ offset: uint, size: uint })),
    })),
  }),
  array: obj<Of<ValueLayout, 'array'>>({ type: lit('array'), size: uint, count: uint, elem: layout }),
  none: obj<Of<ValueLayout, 'none'>>({ type: lit('none') }),
});

const mapSpec: Check<MapSpec> = obj<MapSpec>({
  name: str,
  bpfName: str,
  kind: lit('count', 'sum', 'min', 'max', 'avg', 'stats', 'hist', 'lhist', 'value'),
  bpfType: lit('percpu_array', 'percpu_hash', 'hash', 'array'),
  keys: arr(field),
  keySize: uint,
  value: layout,
  valueSize: uint,
  maxEntries: uint,
  hist: opt(obj<{ buckets: number }>({ buckets: uint })),
  lhist: opt(obj<NonNullable<MapSpec['lhist']>>({ min: int, max: int, step: uint, buckets: uint })),
});

const eventField: Check<EventField> = field;
const position = obj<SourceRange['start']>({ line: uint, column: uint, offset: uint });
const range: Check<SourceRange> = obj<SourceRange>({ start: position, end: position });
type Ev<K extends EventSpec['kind']> = Extract<EventSpec, { kind: K }>;

const eventSpec: Check<EventSpec> = union<EventSpec, 'kind'>('kind', {
  printf: obj<Ev<'printf'>>({ kind: lit('printf'), format: str, fields: arr(eventField) }),
  system: obj<Ev<'system'>>({ kind: lit('system'), format: str, fields: arr(eventField) }),
  cat: obj<Ev<'cat'>>({ kind: lit('cat'), format: str, fields: arr(eventField) }),
  time: obj<Ev<'time'>>({ kind: lit('time'), format: str }),
  exit: obj<Ev<'exit'>>({ kind: lit('exit') }),
  print_map: obj<Ev<'print_map'>>({ kind: lit('print_map'), map: str, top: uint, div: uint }),
  print_value: obj<Ev<'print_value'>>({ kind: lit('print_value'), field: eventField }),
  clear: obj<Ev<'clear'>>({ kind: lit('clear'), map: str }),
  zero: obj<Ev<'zero'>>({ kind: lit('zero'), map: str }),
  join: obj<Ev<'join'>>({ kind: lit('join'), separator: str, argSize: uint, argCount: uint }),
  helper_error: obj<Ev<'helper_error'>>({
    kind: lit('helper_error'), helper: str, field: eventField, range, equals: opt(bool), where: opt(str), context: opt(str),
  }),
  watchpoint_attach: obj<Ev<'watchpoint_attach'>>({ kind: lit('watchpoint_attach'), watchpoint: uint, addr: eventField }),
  watchpoint_detach: obj<Ev<'watchpoint_detach'>>({ kind: lit('watchpoint_detach'), addr: eventField }),
});

type At<K extends AttachSpec['type']> = Of<AttachSpec, K>;
type PerfEvent = At<'perf_event'>;
const attachSpec: Check<AttachSpec> = union<AttachSpec>('type', {
  begin: obj<At<'begin'>>({ type: lit('begin') }),
  end: obj<At<'end'>>({ type: lit('end') }),
  tracepoint: obj<At<'tracepoint'>>({ type: lit('tracepoint'), category: str, event: str, cookie: uint }),
  uprobe: obj<At<'uprobe'>>({
    type: lit('uprobe'), binary: str, symbol: opt(str), offset: uint, retprobe: bool, pid: opt(uint), cookie: uint,
  }),
  usdt: obj<At<'usdt'>>({
    type: lit('usdt'), binary: str, provider: str, name: str, pid: opt(uint), cookie: uint, locations: opt(uint),
  }),
  kprobe: obj<At<'kprobe'>>({ type: lit('kprobe'), func: str, offset: uint, retprobe: bool, cookie: uint }),
  kfunc: obj<At<'kfunc'>>({ type: lit('kfunc'), func: str, retprobe: bool, cookie: uint }),
  raw_tracepoint: obj<At<'raw_tracepoint'>>({ type: lit('raw_tracepoint'), event: str, cookie: uint }),
  iter: obj<At<'iter'>>({ type: lit('iter'), target: str, cookie: uint }),
  perf_event: obj<PerfEvent>({
    type: lit('perf_event'), perfType: uint, config: uint, period: opt(uint), freq: opt(uint),
    cpus: lit('all', 'one'), cookie: uint,
    breakpoint: opt(obj<NonNullable<PerfEvent['breakpoint']>>({ type: uint, addr: uint, len: uint })),
    pid: opt(uint),
  }),
});

const programSpec: Check<ProgramSpec> = obj<ProgramSpec>({
  name: str, section: str, probeIndex: uint, attach: arr(attachSpec),
});

/** The shape, then the references between fields (an event naming a map that is not there...). */
export const manifestCheck: Check<Manifest> = and(obj<Manifest>({
  // The version gate (version.ts) runs before this; these only restate the types.
  format: lit(ARTIFACT_FORMAT),
  version: uint as Check<Manifest['version']>,
  programs: arr(programSpec),
  maps: arr(mapSpec),
  events: arr(eventSpec),
  ringbuf: str,
  probeNames: arr(str),
  stackMaps: opt(arr(obj<NonNullable<Manifest['stackMaps']>[number]>({ bpfName: str, kind: lit('kernel', 'user'), depth: uint }))),
  cpidMap: opt(str),
  strftimeFormats: opt(arr(str)),
  cgroupPathFilters: opt(arr(str)),
  lostEventsMap: opt(str),
  params: opt(arr(str)),
  paramGlobals: opt(arr(obj<NonNullable<Manifest['paramGlobals']>[number]>({ index: uint, symbol: str }))),
  watchpoints: opt(arr(obj<NonNullable<Manifest['watchpoints']>[number]>({
    program: str, cookie: uint, breakpoint: obj<NonNullable<Manifest['watchpoints']>[number]['breakpoint']>({ type: uint, len: uint }), async: bool,
  }))),
}), crossReferences);

function crossReferences(m: Manifest, path: string): string | undefined {
  const maps = new Set(m.maps.flatMap((s) => [s.name, s.bpfName]));
  for (const [i, e] of m.events.entries()) {
    if ((e.kind === 'print_map' || e.kind === 'clear' || e.kind === 'zero') && !maps.has(e.map)) {
      return `${path}.events[${i}].map: names ${JSON.stringify(e.map)}, which is not in ${path}.maps`;
    }
    if (e.kind === 'watchpoint_attach' && e.watchpoint >= (m.watchpoints?.length ?? 0)) {
      return `${path}.events[${i}].watchpoint: ${e.watchpoint} is not an index into ${path}.watchpoints`;
    }
  }
  for (const [i, p] of m.programs.entries()) {
    for (const [j, a] of p.attach.entries()) {
      if (a.type !== 'begin' && a.type !== 'end' && a.cookie >= m.probeNames.length) {
        return `${path}.programs[${i}].attach[${j}].cookie: ${a.cookie} is not an index into ${path}.probeNames (${m.probeNames.length} names)`;
      }
    }
  }
  return undefined;
}
