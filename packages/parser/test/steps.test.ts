// run()/sub() (src/steps.ts): a walk written as steps gives what the recursive walk
// gives, at depths where recursion overflows, with exceptions and finally blocks as
// ordinary calls have them.
import { describe, expect, it } from 'vitest';
import { run, sub, type Step } from '../src/index.js';

type Tree = { value: number; kids: Tree[] };

function* sum(t: Tree): Step<number> {
  let s = t.value;
  for (const k of t.kids) s += yield* sub(sum(k));
  return s;
}

const chain = (n: number): Tree => {
  let t: Tree = { value: 1, kids: [] };
  for (let i = 1; i < n; i++) t = { value: 1, kids: [t] };
  return t;
};

describe('steps', () => {
  it('gives the recursive result', () => {
    const t: Tree = { value: 1, kids: [{ value: 2, kids: [] }, { value: 3, kids: [{ value: 4, kids: [] }] }] };
    expect(run(sum(t))).toBe(10);
  });

  it('goes 1,000,000 deep', () => {
    expect(run(sum(chain(1_000_000)))).toBe(1_000_000);
  });

  it('passes an exception up through finally blocks, and lets a step catch it', () => {
    const log: string[] = [];
    function* fail(depth: number): Step<number> {
      try {
        if (depth === 0) throw new Error('bottom');
        return yield* sub(fail(depth - 1));
      } finally {
        log.push(`f${depth}`);
      }
    }
    expect(() => run(fail(2))).toThrow('bottom');
    expect(log).toEqual(['f0', 'f1', 'f2']);
    function* caught(): Step<string> {
      try {
        yield* sub(fail(3));
        return 'no';
      } catch (e) {
        return `caught ${(e as Error).message}`;
      }
    }
    expect(run(caught())).toBe('caught bottom');
  });
});
