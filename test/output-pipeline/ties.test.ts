// The tie comparison accepts reordered equal values only.
import { expect, it } from 'vitest';
import { sameUpToTies } from './ties.js';

it('accepts equal values in another order, rejects a wrong order by value', () => {
  expect(sameUpToTies('@[1]: 5\n@[2]: 5\n@[3]: 7\n', '@[2]: 5\n@[1]: 5\n@[3]: 7\n', 'text')).toBe(true);
  expect(sameUpToTies('@[3]: 7\n@[1]: 5\n@[2]: 5\n', '@[1]: 5\n@[2]: 5\n@[3]: 7\n', 'text')).toBe(false);
  const j = (m: string) => `{"type": "map", "data": {"@": {${m}}}}\n`;
  expect(sameUpToTies(j('"1": 5, "2": 5, "3": 7'), j('"2": 5, "1": 5, "3": 7'), 'json')).toBe(true);
  expect(sameUpToTies(j('"3": 7, "1": 5, "2": 5'), j('"1": 5, "2": 5, "3": 7'), 'json')).toBe(false);
});
