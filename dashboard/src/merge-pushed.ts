/** How a live push changes a list, for any kind of row (pure). */

/**
 * A list after a push: pushed items the list `keeps` replace their row (by `key`) or join
 * it; those it no longer keeps (another state, another tenant) leave it. Sorted by `compare`.
 */
export function mergePushed<T>(current: readonly T[], pushed: readonly T[], key: (item: T) => string, keeps: (item: T) => boolean, compare: (a: T, b: T) => number): T[] {
  const rows = new Map(current.map((item) => [key(item), item]));
  for (const item of pushed) {
    if (keeps(item)) rows.set(key(item), item);
    else rows.delete(key(item));
  }
  return [...rows.values()].sort(compare);
}
