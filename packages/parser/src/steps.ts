// Deep walks without deep native stacks. A walk over the AST is written as generator
// functions ("steps"); where it would call itself on a child it writes
// `yield* sub(childStep)`, and run() keeps the chain of suspended steps on a heap array.
// So the JS stack stays a few frames deep however deep the AST is (a plain recursive
// walk overflowed near 1,000-2,000 levels). Exceptions travel up the chain as they would
// through ordinary calls (finally blocks run).

/** A step of a walk, giving a T; it yields the sub-steps it needs run. */
export type Step<T> = Generator<Step<unknown>, T, unknown>;

/** Inside a step: run `step` and give its result (one extra frame, whatever the depth). */
export function* sub<T>(step: Step<T>): Step<T> {
  return (yield step) as T;
}

/** Run a step and its sub-steps to completion with an explicit stack. */
export function run<T>(root: Step<T>): T {
  const stack: Step<unknown>[] = [root];
  let value: unknown;
  let thrown = false;
  let error: unknown;
  for (;;) {
    const top = stack[stack.length - 1]!;
    let r: IteratorResult<Step<unknown>, unknown>;
    try {
      r = thrown ? top.throw(error) : top.next(value);
    } catch (e) {
      stack.pop();
      if (!stack.length) throw e;
      thrown = true;
      error = e;
      continue;
    }
    thrown = false;
    if (r.done) {
      stack.pop();
      if (!stack.length) return r.value as T;
      value = r.value;
    } else {
      stack.push(r.value);
      value = undefined;
    }
  }
}
