// Small helpers for statements built from column lists and for rows read in bulk.

/** `a, b` → `@a, @b`: the named parameters of an INSERT over the same columns. */
export function named(columns: string): string {
  return columns
    .split(',')
    .map((c) => `@${c.trim()}`)
    .join(', ');
}

/** The items by key, each group in the order the items came. */
export function groupBy<T>(items: T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** The rows by key, each turned into its view; each group in the order the rows came. */
export function groupViews<Row, View>(
  rows: Row[],
  keyOf: (row: Row) => string,
  toView: (row: Row) => View,
): Map<string, View[]> {
  return new Map([...groupBy(rows, keyOf)].map(([key, group]) => [key, group.map(toView)]));
}

/** The object without its null fields: a state document leaves out what a record does not have. */
export function withoutNulls(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, value]) => value !== null));
}
