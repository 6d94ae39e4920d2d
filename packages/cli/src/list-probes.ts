// `-l [search]`: probes this kernel offers, one per line, filtered by a glob.
// The names come from the same tables and KernelInfo the checker uses.

import { error, type Diagnostic } from '@bpftrace-ts/parser';
import type { KernelInfo } from '@bpftrace-ts/typecheck';
import { SOFTWARE_EVENTS, HARDWARE_EVENTS, describeValue, globToRegExp, lookupProbeType } from '@bpftrace-ts/typecheck';
import { expectKernel, expectString } from './api-arguments.js';
import { fileFunctions, fileUsdtProbes, targetFiles } from './user-probes.js';

export function allProbeNames(kernel: KernelInfo): string[] {
  return [
    'BEGIN', 'END',
    ...HARDWARE_EVENTS.map((e) => `hardware:${e.name}:`),
    ...SOFTWARE_EVENTS.map((e) => `software:${e.name}:`),
    ...[...kernel.tracepoints()].sort().map((tp) => `tracepoint:${tp}`),
  ];
}

/**
 * A search matches a probe's full name; one without ':' also matches any probe
 * whose last part matches ("sys_enter_read*"); a leading alias is expanded ("t:").
 */
export function probeMatcher(search: string | undefined): (name: string) => boolean {
  if (search === undefined || search === '' || search === '*') return () => true;
  const colon = search.indexOf(':');
  if (colon < 0) {
    const re = globToRegExp(search);
    return (name) => re.test(name) || re.test(name.replace(/:$/, '').split(':').pop() ?? '');
  }
  const provider = search.slice(0, colon);
  const canonical = provider.includes('*') ? provider : (lookupProbeType(provider)?.names[0] ?? provider);
  const re = globToRegExp(canonical + search.slice(colon));
  return (name) => re.test(name) || re.test(name.replace(/:$/, ''));
}

/** Where a listing's probes come from: the files a search names, or with -p that process's. */
interface UserSearch { types: ('uprobe' | 'uretprobe' | 'usdt')[]; target: string }

function userSearch(search: string | undefined, pid?: number): UserSearch | undefined {
  const parts = (search ?? '').split(':');
  const type = parts.length > 1 ? parts[0]! : '*';
  const target = parts.length > 1 ? parts[1]! : '';
  if (target === '' && pid === undefined) return undefined;
  const wants = (t: string) => (type.includes('*') ? globToRegExp(type).test(t) : lookupProbeType(type)?.type === t);
  // As bpftrace 0.17: uretprobes are listed only when the search names that type ("uretprobe:", "ur:").
  const types = (['uprobe', 'usdt'] as const).filter(wants);
  return { types: !type.includes('*') && wants('uretprobe') ? ['uretprobe'] : types, target: pid !== undefined && !target.includes('/') ? '' : target };
}

/**
 * uprobe and usdt probes of the files a search names (`uprobe:./prog*:func*`,
 * `*:./prog:*`), or with -p of that process's files (`usdt:*`, or no search at all);
 * each type sorted, as bpftrace lists them.
 */
export function userProbeNames(search: string | undefined, pid?: number): string[] {
  const s = userSearch(search, pid);
  if (!s) return [];
  const names: string[] = [];
  for (const t of s.types) {
    const of: string[] = [];
    for (const file of targetFiles(s.target, t === 'usdt' ? t : 'uprobe', pid)) {
      if (t !== 'usdt') for (const f of fileFunctions(file)) of.push(`${t}:${file}:${f}`);
      else for (const p of fileUsdtProbes(file)) of.push(`usdt:${file}:${p.provider}:${p.name}`);
    }
    names.push(...of.sort());
  }
  return names;
}

/** bpftrace's error for a search naming a file that is not there (the search is the source line). */
export function missingListTarget(search: string | undefined, pid?: number): Diagnostic | undefined {
  const s = userSearch(search, pid);
  if (!s || s.types.length === 0 || s.target === '' || s.target.includes('*') || targetFiles(s.target, s.types[0] === 'usdt' ? 'usdt' : 'uprobe', pid).length > 0) return undefined;
  const len = search!.length;
  const d = error('probe/target-not-found', `${s.types[0] === 'usdt' ? 'usdt' : 'uprobe'} target file '${s.target}' does not exist or is not executable`,
    { start: { line: 1, column: 1, offset: 0 }, end: { line: 1, column: len + 1, offset: len } });
  d.file = 'stdin';
  return d;
}

/** A uprobe's parameters from its binary's DWARF, one per line as bpftrace -lv prints them. */
function uprobeParams(kernel: KernelInfo, name: string): string {
  const func = name.slice(name.lastIndexOf(':') + 1);
  const file = name.slice('uprobe:'.length, name.lastIndexOf(':'));
  const proto = kernel.binaryTypes?.(file)?.func(func);
  return (proto?.params ?? []).map((p) => `    ${p.typeText ?? '<unknown type>'} ${p.name}\n`).join('');
}

/** The listing text; with `verbose`, tracepoints are followed by their fields and uprobes by their parameters, as bpftrace -lv. */
export function listProbes(kernel: KernelInfo, search: string | undefined, verbose: boolean, pid?: number): string {
  expectKernel('listProbes', 'kernel', kernel);
  if (search !== undefined) expectString('listProbes', 'search', search);
  if (typeof verbose !== 'boolean') throw new TypeError(`listProbes: verbose must be a boolean, got ${describeValue(verbose)}`);
  const match = probeMatcher(search);
  let out = '';
  for (const name of [...allProbeNames(kernel), ...userProbeNames(search, pid)]) {
    if (!match(name)) continue;
    out += name + '\n';
    if (verbose && name.startsWith('tracepoint:')) {
      const [, category, event] = name.split(':');
      const fmt = kernel.tracepointFormat(category!, event!);
      for (const f of fmt?.fields ?? []) if (!f.name.startsWith('common_')) out += `    ${f.typeText} ${f.name}\n`;
    }
    if (verbose && name.startsWith('uprobe:')) out += uprobeParams(kernel, name);
  }
  return out;
}
