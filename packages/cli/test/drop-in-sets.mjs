// The sets of drop-in cases: each a cases module (what to run) and the fixture bpftrace 0.17's
// answers are recorded in (record-drop-in.mjs --set NAME). One set per concern keeps recordings
// of unrelated work apart.
export const SETS = {
  main: { cases: './drop-in-cases.mjs', fixture: './fixtures/bpftrace-drop-in.json' },
  probes: { cases: './drop-in-probe-cases.mjs', fixture: './fixtures/bpftrace-drop-in-probes.json' },
};

/** A run's output with the case's fresh directory (its built program) written as {DIR}. */
export function normalise(text, dir) {
  return dir ? text.replaceAll(dir, '{DIR}') : text;
}
