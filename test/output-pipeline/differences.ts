// Where bpftrace-ts deliberately prints something other than bpftrace 0.17's recording.
// Each entry says why, and derives OUR expected output from the recording by exact
// substitutions: `find` must occur exactly once in the recording (so a re-recording that
// moves the difference fails loudly) and is replaced by `replace`.
import { histJsonBuckets, histTextRow, histTextRows } from './hist-rows.js';

export interface Edit { find: string; replace: string }

export interface Difference {
  why: string;
  text: Edit[];
  json: Edit[];
}

const HIST_2G_TEXT = `${histTextRow(31, 2, 2)}\n`;
const HIST_2G_JSON = '{"min": -2147483648, "max": 0, "count": 2}]';

export const DIFFERENCES: Record<string, Difference> = {
  min_max: {
    why: 'bpftrace 0.17 drops max() entries whose values are all negative (its max starts from 0): ' +
      '@M = max(-42) prints an empty line and @mx[1] (max of -5, -3) is missing. We print the max.',
    text: [
      { find: 'probe...\n\n\n\n@m: 42\n', replace: 'probe...\n\n\n@M: -42\n@m: 42\n' },
      { find: '@mx[3]: 0\n', replace: '@mx[1]: -3\n@mx[3]: 0\n' },
    ],
    json: [
      { find: '\n{"type": "map", "data": {"@m": 42}}', replace: '\n{"type": "map", "data": {"@M": -42}}\n{"type": "map", "data": {"@m": 42}}' },
      { find: '{"@mx": {"3": 0,', replace: '{"@mx": {"1": -3, "3": 0,' },
    ],
  },
  hist_large: {
    why: 'bpftrace 0.17 shifts only up to 31 in hist(), so 2^40 and 2^50 land in [2G, 4G). ' +
      'We keep the full 64-bit range: [2G, 4G) .. [1P, 2P) with 2^40 and 2^50 in their own buckets.',
    text: [{ find: HIST_2G_TEXT, replace: histTextRows(31, 50, { 40: 1, 50: 1 }, 2).join('\n') + '\n' }],
    json: [{ find: HIST_2G_JSON, replace: `${histJsonBuckets(31, 50, { 40: 1, 50: 1 })}]` }],
  },
  hist_overflow: {
    why: 'as hist_large: 2^40 and 2^62 go to [1T, 2T) and [4E, 8E), not both to [2G, 4G); ' +
      'the largest bucket count is then 1, so the (..., 0) bar is full width.',
    text: [
      { find: `(..., 0)               1 |${'@'.repeat(26)}${' '.repeat(26)}|`, replace: `(..., 0)               1 |${'@'.repeat(52)}|` },
      { find: HIST_2G_TEXT, replace: histTextRows(31, 62, { 40: 1, 62: 1 }, 1).join('\n') + '\n' },
    ],
    json: [{ find: HIST_2G_JSON, replace: `${histJsonBuckets(31, 62, { 40: 1, 62: 1 })}]` }],
  },
  signed_div: {
    why: 'bpftrace 0.17 divides signed operands as unsigned (its own warning calls it undefined ' +
      'behaviour): -7 / 2 is 9223372036854775804. We compute C\'s truncating signed / and %.',
    text: [
      { find: '\n9223372036854775804 1 0 7\n0 -7\n', replace: '\n-3 -1 -2 1\n2 -1\n' },
      { find: '@d: 2635249153387078788\n@m: 0\n', replace: '@d: -14\n@m: -2\n' },
    ],
    json: [
      { find: '"9223372036854775804 1 0 7\\n"', replace: '"-3 -1 -2 1\\n"' },
      { find: '"0 -7\\n"', replace: '"2 -1\\n"' },
      { find: '{"@d": 2635249153387078788}', replace: '{"@d": -14}' },
      { find: '{"@m": 0}', replace: '{"@m": -2}' },
    ],
  },
  var_narrow_assign: {
    why: 'bpftrace 0.17 loses any later or compound assignment to a variable narrower than 64 bits ' +
      '($w = (uint8)0; $w = -1 leaves 0; so do |= += <<=). We store the value wrapped to the ' +
      'variable\'s type, as C does: 255, 4294967294, -56, -32768.',
    text: [
      { find: '0 0 0 1\n', replace: '255 4294967294 -56 -32768\n' },
      { find: '@q: 1\n@s: 0\n@w: 0\n@x: 0\n', replace: '@q: -32768\n@s: -56\n@w: 255\n@x: 4294967294\n' },
    ],
    json: [
      { find: '"0 0 0 1\\n"', replace: '"255 4294967294 -56 -32768\\n"' },
      { find: '{"@q": 1}', replace: '{"@q": -32768}' },
      { find: '{"@s": 0}', replace: '{"@s": -56}' },
      { find: '{"@w": 0}', replace: '{"@w": 255}' },
      { find: '{"@x": 0}', replace: '{"@x": 4294967294}' },
    ],
  },
  shift_out_of_range: {
    why: 'bpftrace 0.17 emits shifts by 64 or more as LLVM poison: hist(2 >> 255) lands in ' +
      '[64K, 128K). We mask the amount to 0..63 as BPF\'s shift instructions do (2 >> 63 is 0).',
    text: [{ find: '[64K, 128K)            1 |', replace: '[0]                    1 |' }],
    json: [{ find: '{"min": 65536, "max": 131071, "count": 1}', replace: '{"min": 0, "max": 0, "count": 1}' }],
  },
  neg_narrow: {
    why: 'bpftrace 0.17 negates/complements an int8/int16 at its own width but types the result ' +
      'as a 64-bit int without extending it: -((int8)1) prints 255 and is not == -1. We extend ' +
      'first, so it is -1 (and ~((int8)1) is -2, -((int16)1) is -1).',
    text: [
      { find: '255 0 254 65535\n', replace: '-1 1 -2 -1\n' },
      { find: '@c: 255\n', replace: '@c: -1\n' },
    ],
    json: [
      { find: '"255 0 254 65535\\n"', replace: '"-1 1 -2 -1\\n"' },
      { find: '{"@c": 255}', replace: '{"@c": -1}' },
    ],
  },
  map_value_sign: {
    why: 'bpftrace 0.17 widens a value stored into a map by the MAP\'s sign, not the value\'s: ' +
      '(uint32)4294967295 into a signed map reads back -1, (int16)-300 into an unsigned one 65236. ' +
      'We keep the value (C\'s conversion): 4294967295 and 18446744073709551316.',
    text: [
      { find: '@m[2]: -1\n', replace: '@m[2]: 4294967295\n' },
      { find: '@u[2]: 65236\n', replace: '@u[2]: 18446744073709551316\n' },
    ],
    json: [
      { find: '"2": -1}', replace: '"2": 4294967295}' },
      { find: '"2": 65236}', replace: '"2": 18446744073709551316}' },
    ],
  },
};

/** Outputs whose equal-valued entries come in hash order: compared up to ties (ties.ts). */
export const TIES = new Set(['count_keys', 'ties', 'delete_clear_zero', 'incdec']);

/** The recording with the edits applied; throws if an edit does not match exactly once. */
export function applyEdits(recorded: string, edits: Edit[]): string {
  let out = recorded;
  for (const e of edits) {
    const parts = out.split(e.find);
    if (parts.length !== 2) throw new Error(`edit ${JSON.stringify(e.find)} matches ${parts.length - 1} times (want 1)`);
    out = parts.join(e.replace);
  }
  return out;
}
