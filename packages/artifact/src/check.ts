// Small typed validators for JSON: each returns the first problem as "path: what", or
// undefined. A Check<T> states that what it accepts is a T, so `obj<Manifest>({...})` must
// name a check for every field of Manifest: the schema cannot silently fall behind the types.

export interface Check<T> {
  (value: unknown, path: string): string | undefined;
  /** Type only: never set. Makes Check<A> assignable to Check<B> only when A is a B. */
  readonly _type?: T;
}

const make = <T>(f: (value: unknown, path: string) => string | undefined): Check<T> => f as Check<T>;

/** A short rendering of what was found, for messages. */
export function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  const text = JSON.stringify(value);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

const expected = (path: string, what: string, value: unknown) => `${path}: expected ${what}, got ${describe(value)}`;

export const str: Check<string> = make((v, p) => (typeof v === 'string' ? undefined : expected(p, 'a string', v)));
export const bool: Check<boolean> = make((v, p) => (typeof v === 'boolean' ? undefined : expected(p, 'true or false', v)));
/** A non-negative integer that a double holds exactly (sizes, offsets, indexes, counts). */
export const uint: Check<number> = make((v, p) =>
  (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0 ? undefined : expected(p, 'a non-negative integer', v)));
/** Any integer that a double holds exactly (lhist bounds may be negative). */
export const int: Check<number> = make((v, p) =>
  (typeof v === 'number' && Number.isSafeInteger(v) ? undefined : expected(p, 'an integer', v)));

export function lit<const L extends readonly (string | number | boolean)[]>(...values: L): Check<L[number]> {
  const what = values.map((v) => JSON.stringify(v)).join(values.length === 2 ? ' or ' : ', ');
  return make((v, p) => (values.includes(v as L[number]) ? undefined : expected(p, values.length === 1 ? what : `one of ${what}`, v)));
}

export function opt<T>(check: Check<T>): Check<T | undefined> {
  return make((v, p) => (v === undefined ? undefined : check(v, p)));
}

export function arr<T>(check: Check<T>): Check<T[]> {
  return make((v, p) => {
    if (!Array.isArray(v)) return expected(p, 'an array', v);
    for (let i = 0; i < v.length; i++) {
      const e = check(v[i], `${p}[${i}]`);
      if (e) return e;
    }
    return undefined;
  });
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** An object with these fields (others are ignored: a reader skips what it does not know). */
export function obj<T>(fields: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  const entries = Object.entries(fields) as [string, Check<unknown>][];
  return make((v, p) => {
    if (!isRecord(v)) return expected(p, 'an object', v);
    for (const [k, check] of entries) {
      const e = check(v[k], `${p}.${k}`);
      if (e) return e;
    }
    return undefined;
  });
}

/** A tagged union: the tag field picks the case; an unknown tag is named in the message. */
export function union<T extends Record<Tag, string>, Tag extends string = 'type'>(
  tag: Tag,
  cases: { [K in T[Tag]]: Check<Extract<T, Record<Tag, K>>> },
): Check<T> {
  const table = cases as Record<string, Check<unknown>>;
  return make((v, p) => {
    if (!isRecord(v)) return expected(p, 'an object', v);
    const t = v[tag];
    if (typeof t !== 'string' || !Object.hasOwn(table, t)) {
      return `${p}.${tag}: unknown ${tag} ${describe(t)} (this reader knows ${Object.keys(table).join(', ')})`;
    }
    return table[t]!(v, p);
  });
}

/** For recursive shapes: the check is looked up when first used. */
export function lazy<T>(get: () => Check<T>): Check<T> {
  let c: Check<T> | undefined;
  return make((v, p) => (c ??= get())(v, p));
}

/** Both checks must pass (a shape, then a rule across its fields). */
export function and<T>(check: Check<T>, rule: (value: T, path: string) => string | undefined): Check<T> {
  return make((v, p) => check(v, p) ?? rule(v as T, p));
}
