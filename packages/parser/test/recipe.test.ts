// The grammar recipe embedded at build time (scripts/embed-grammar.mjs) must be the
// compiled src/bpftrace.ohm: a stale build would parse with an old grammar.
import { readFileSync } from 'node:fs';
import * as ohm from 'ohm-js';
import { describe, expect, it } from 'vitest';
import { grammarRecipe } from '../src/grammar-source.generated.js';

describe('embedded grammar recipe', () => {
  it('is bpftrace.ohm compiled (run `npm run build -w packages/parser` if not)', () => {
    const text = readFileSync(new URL('../src/bpftrace.ohm', import.meta.url), 'utf8');
    expect(grammarRecipe).toBe(ohm.grammar(text).toRecipe());
  });
});
