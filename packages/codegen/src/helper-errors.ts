// -k: after a map update or delete, a negative return sends a helper_error record
// carrying it, so the runtime can print bpftrace's "Failed to map_update_elem" warning.
// -kk: reads of memory (probe_read*) are checked too, and a map lookup that finds nothing
// sends one with 0 (bpftrace's map_lookup_elem warning). Without -k nothing is emitted (no cost).

import type { SourceRange } from '@bpftrace-ts/parser';
import { emitRecord, recordLayout } from './events.js';
import { FunctionBuilder, I64, I8P, Value, i64 } from './ir-builder.js';
import { callHelper } from './helpers.js';
import type { ModuleCtx, ProbeCtx } from './context.js';
import type { readHelperFor } from './addrspace.js';

type ReadHelper = ReturnType<typeof readHelperFor> | 'probe_read_kernel_str';

/** Where a failed helper call is reported: its source range, and whether it is a `=` assignment. */
export interface HelperSite {
  range: SourceRange;
  equals?: boolean;
}

/** The -k level asked for: 0, 1 (-k) or 2 (-kk). */
function helperErrorLevel(m: ModuleCtx): number {
  const h = m.options.helperErrors;
  return h === true ? 1 : h === false || h === undefined ? 0 : h;
}

/** `level`: the -k count from which the site is checked (1: map updates, deletes; 2: memory reads). */
export function checkHelperResult(m: ModuleCtx, f: FunctionBuilder, helper: string, ret: Value, site: HelperSite | undefined, level = 1): void {
  if (helperErrorLevel(m) < level || !site) return;
  reportIf(m, f, helper, f.icmp('slt', ret, i64(0)), ret, site);
}

/** -kk: a map_lookup_elem that returned null (`ptr`) is reported at `site`. */
export function checkLookupResult(m: ModuleCtx, f: FunctionBuilder, ptr: Value, site: HelperSite): void {
  if (helperErrorLevel(m) < 2 || m.lookupReported) return;
  reportIf(m, f, 'map_lookup_elem', f.icmp('eq', ptr, { type: I8P, ref: 'null' }), i64(0), site);
}

function reportIf(m: ModuleCtx, f: FunctionBuilder, helper: string, cond: Value, ret: Value, site: HelperSite): void {
  const { fields, size } = recordLayout([{ type: 'int', size: 8, signed: true }]);
  const id = m.events.add({ kind: 'helper_error', helper, field: fields[0], range: site.range, ...(site.equals ? { equals: true } : {}) });
  const failed = f.newBlock('helperfailed');
  const done = f.newBlock('helperok');
  f.condBr(cond, failed, done);
  f.setBlock(failed);
  emitRecord(f, { ringbuf: m.ringbuf, lost: m.lostEvents }, id, fields, size, [() => ret]);
  f.br(done);
  f.setBlock(done);
}

/**
 * A read of memory (probe_read_user/_kernel, their _str forms) whose failure -kk reports,
 * named as bpftrace 0.17 names it: probe_read, probe_read_str.
 */
export function readChecked(p: ProbeCtx, helper: ReadHelper, args: Value[], range: SourceRange): Value {
  const ret = callHelper(p.f, helper, I64, args);
  checkHelperResult(p.m, p.f, helper.endsWith('_str') ? 'probe_read_str' : 'probe_read', ret, { range }, 2);
  return ret;
}
