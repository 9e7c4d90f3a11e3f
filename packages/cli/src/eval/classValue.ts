/**
 * Outputs and labels as classes: two values are the same class when they are equal as JSON
 * (objects compared key by key whatever the key order), so `"setosa"`, `true`, `3` and
 * `{"label": "cat"}` all work as classes, and `3` and `"3"` are different classes.
 */

/**
 * The JSON text of `value` with object keys sorted: equal texts mean JSON-equal values.
 * Never throws: what JSON cannot hold (undefined, a function, a cycle) reads as `null`, a
 * non-finite number as `null` too, as JSON.stringify writes them.
 * @example classKey({ b: 1, a: [true] }) // '{"a":[true],"b":1}'
 */
export function classKey(value: unknown): string {
  return canonical(value, new Set()) ?? 'null';
}

function canonical(value: unknown, seen: Set<unknown>): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object': {
      if (seen.has(value)) return 'null';
      seen.add(value);
      let text: string;
      if (Array.isArray(value)) {
        text = `[${value.map((v) => canonical(v, seen) ?? 'null').join(',')}]`;
      } else {
        const entries = Object.keys(value)
          .sort()
          .flatMap((k) => {
            const v = canonical((value as Record<string, unknown>)[k], seen);
            return v === undefined ? [] : [`${JSON.stringify(k)}:${v}`];
          });
        text = `{${entries.join(',')}}`;
      }
      seen.delete(value);
      return text;
    }
    default:
      return undefined;
  }
}

/**
 * How a class is shown in tables: a string as it is, anything else as its JSON text.
 * @example classLabel('setosa') // 'setosa'; classLabel(3) // '3'
 */
export function classLabel(value: unknown): string {
  return typeof value === 'string' ? value : classKey(value);
}

function rank(value: unknown): number {
  if (typeof value === 'number') return 0;
  if (typeof value === 'boolean') return 1;
  if (typeof value === 'string') return 2;
  return 3;
}

/**
 * The order classes are listed in: numbers by value, then false and true, then strings in
 * code-point order, then anything else by its JSON text. The same for every run and locale.
 * @example [3, 'b', 1, 'a'].sort(compareClasses) // [1, 3, 'a', 'b']
 */
export function compareClasses(a: unknown, b: unknown): number {
  const byRank = rank(a) - rank(b);
  if (byRank !== 0) return byRank;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = typeof a === 'string' ? a : classKey(a);
  const y = typeof b === 'string' ? b : classKey(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
