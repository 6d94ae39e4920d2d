// Errors as values: a call's BpfError returned instead of thrown.
import { BpfError } from './errors.js';

/** A result as a value: either `{ ok: true, value }` or `{ ok: false, error }` with the BpfError. */
export type BpfResult<T> = { ok: true; value: T } | { ok: false; error: BpfError };

/** Run `fn` and return its BpfError as a value instead of throwing it (other exceptions still throw). */
export function attempt<T>(fn: () => T): BpfResult<T> {
  try {
    return { ok: true, value: fn() };
  } catch (e) {
    if (e instanceof BpfError) return { ok: false, error: e };
    throw e;
  }
}
