// -k: after a map update, a negative return sends a helper_error record carrying
// it, so the runtime can print bpftrace's "Failed to map_update_elem" warning.
// Without -k nothing is emitted (no cost).

import type { SourceRange } from '@bpftrace-ts/parser';
import type { ModuleCtx } from './context.js';
import { emitRecord, recordLayout } from './events.js';
import { FunctionBuilder, Value, i64 } from './ir-builder.js';

/** Where a failed helper call is reported: its source range, and whether it is a `=` assignment. */
export interface HelperSite {
  range: SourceRange;
  equals?: boolean;
}

export function checkHelperResult(m: ModuleCtx, f: FunctionBuilder, helper: string, ret: Value, site: HelperSite | undefined): void {
  if (!m.options.helperErrors || !site) return;
  const { fields, size } = recordLayout([{ type: 'int', size: 8, signed: true }]);
  const id = m.events.add({ kind: 'helper_error', helper, field: fields[0], range: site.range, ...(site.equals ? { equals: true } : {}) });
  const failed = f.newBlock('helperfailed');
  const done = f.newBlock('helperok');
  f.condBr(f.icmp('slt', ret, i64(0)), failed, done);
  f.setBlock(failed);
  emitRecord(f, { ringbuf: m.ringbuf, lost: m.lostEvents }, id, fields, size, [() => ret]);
  f.br(done);
  f.setBlock(done);
}
