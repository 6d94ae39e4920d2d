// `-l [search]`: probes this kernel offers, one per line, filtered by a glob.
// The names come from the same tables and KernelInfo the checker uses.

import type { KernelInfo } from '@bpftrace-ts/typecheck';
import { SOFTWARE_EVENTS, HARDWARE_EVENTS, describeValue, globToRegExp, lookupProbeType } from '@bpftrace-ts/typecheck';
import { expectKernel, expectString } from './api-arguments.js';

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

/** The listing text; with `verbose`, tracepoints are followed by their fields, as bpftrace -lv. */
export function listProbes(kernel: KernelInfo, search: string | undefined, verbose: boolean): string {
  expectKernel('listProbes', 'kernel', kernel);
  if (search !== undefined) expectString('listProbes', 'search', search);
  if (typeof verbose !== 'boolean') throw new TypeError(`listProbes: verbose must be a boolean, got ${describeValue(verbose)}`);
  const match = probeMatcher(search);
  let out = '';
  for (const name of allProbeNames(kernel)) {
    if (!match(name)) continue;
    out += name + '\n';
    if (verbose && name.startsWith('tracepoint:')) {
      const [, category, event] = name.split(':');
      const fmt = kernel.tracepointFormat(category!, event!);
      for (const f of fmt?.fields ?? []) if (!f.name.startsWith('common_')) out += `    ${f.typeText} ${f.name}\n`;
    }
  }
  return out;
}
