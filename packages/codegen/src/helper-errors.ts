// -k: after a map update or delete, a negative return sends a helper_error record
// carrying it, so the runtime can print bpftrace's "Failed to map_update_elem" warning.
// -kk: a map lookup that finds nothing sends one too, with 0 (bpftrace's map_lookup_elem
// warning). Without -k nothing is emitted (no cost).

import type { SourceRange } from '@bpftrace-ts/parser';
import type { ModuleCtx } from './context.js';
import { emitRecord, recordLayout } from './events.js';
import { FunctionBuilder, I8P, Value, i64 } from './ir-builder.js';

/** Where a failed helper call is reported: its source range, and whether it is a `=` assignment. */
export interface HelperSite {
  range: SourceRange;
  equals?: boolean;
}

export function checkHelperResult(m: ModuleCtx, f: FunctionBuilder, helper: string, ret: Value, site: HelperSite | undefined): void {
  if (!m.options.helperErrors || !site) return;
  reportIf(m, f, helper, f.icmp('slt', ret, i64(0)), ret, site);
}

/** -kk: a map_lookup_elem that returned null (`ptr`) is reported at `site`. */
export function checkLookupResult(m: ModuleCtx, f: FunctionBuilder, ptr: Value, site: HelperSite): void {
  if (!m.options.lookupErrors || m.lookupReported) return;
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
