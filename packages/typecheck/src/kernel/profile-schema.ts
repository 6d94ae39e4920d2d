// What a kernel profile's JSON must hold (see KernelProfile in profile.ts), checked whole when it
// is read: a profile is data from a file, and a wrong one must be refused with what is wrong
// ("tracepoints.fields[3][2] is not a non-negative integer"), not fail later inside a pass.
import { PROFILE_FORMAT, PROFILE_VERSION } from './profile.js';

const FEATURES = ['kprobes', 'fentry', 'uprobes', 'ringbuf', 'attachCookie'];

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** The first thing wrong with `p` as a KernelProfile, or undefined when it is one. */
export function profileProblem(p: unknown): string | undefined {
  if (!isObject(p) || p.format !== PROFILE_FORMAT) return 'not a bpftrace-ts kernel profile';
  if (p.version !== PROFILE_VERSION) return `unsupported kernel profile version ${JSON.stringify(p.version)} (this reader knows ${PROFILE_VERSION})`;
  if (p.kernelRelease !== undefined && typeof p.kernelRelease !== 'string') return 'kernelRelease is not a string';
  if (!isObject(p.features)) return 'features is missing or not an object';
  for (const f of FEATURES) if (typeof p.features[f] !== 'boolean') return `features.${f} is not a boolean`;
  if (p.btf !== undefined && typeof p.btf !== 'string') return 'btf is not a base64 string';
  if (p.kernelFunctions !== undefined && !(Array.isArray(p.kernelFunctions) && p.kernelFunctions.every((f) => typeof f === 'string'))) {
    return 'kernelFunctions is not a list of names';
  }
  const tp = p.tracepoints;
  if (!isObject(tp)) return 'tracepoints is missing or not an object';
  const { fields, shapes, events } = tp;
  if (!Array.isArray(fields)) return 'tracepoints.fields is not a list';
  for (let i = 0; i < fields.length; i++) {
    const f: unknown = fields[i];
    const at = `tracepoints.fields[${i}]`;
    if (!Array.isArray(f) || f.length !== 5) return `${at} is not a [name, type, offset, size, signed] list`;
    if (typeof f[0] !== 'string' || typeof f[1] !== 'string') return `${at} has a name or type that is not a string`;
    if (!isCount(f[2]) || !isCount(f[3])) return `${at} has an offset or size that is not a non-negative integer`;
    if (f[4] !== 0 && f[4] !== 1) return `${at} has a signed flag that is not 0 or 1`;
  }
  if (!Array.isArray(shapes)) return 'tracepoints.shapes is not a list';
  for (let i = 0; i < shapes.length; i++) {
    const s: unknown = shapes[i];
    if (!Array.isArray(s) || !s.every((x) => isCount(x) && x < fields.length)) return `tracepoints.shapes[${i}] is not a list of field indices`;
  }
  if (!isObject(events)) return 'tracepoints.events is not an object';
  for (const [category, list] of Object.entries(events)) {
    if (!Array.isArray(list)) return `tracepoints.events.${category} is not a list`;
    for (let i = 0; i < list.length; i++) {
      const e: unknown = list[i];
      const at = `tracepoints.events.${category}[${i}]`;
      if (!Array.isArray(e) || e.length !== 3 || typeof e[0] !== 'string') return `${at} is not an [event, shape, id] list`;
      if (!Number.isSafeInteger(e[1]) || e[1] < -1 || e[1] >= shapes.length) return `${at} names no shape`;
      if (!Number.isSafeInteger(e[2]) || e[2] < -1) return `${at} has an id that is not an integer`;
    }
  }
  return undefined;
}
