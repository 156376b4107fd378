/**
 * A log search for a row's own record id answers that row alone, wherever it is in the log (a
 * one-row page with no next; without its body), when it passes the other filters; null otherwise,
 * and the search goes on by the row's other keys.
 */
export async function foundByRecordId<R extends { id: string; rawBody: unknown }>(
  query: { search?: string; cursor?: string },
  find: (id: string) => Promise<R | null>,
  matches: (record: R) => boolean,
): Promise<{ deliveries: Array<Omit<R, "rawBody">>; next: null } | null> {
  if (query.search === undefined || query.cursor) return null;
  const record = await find(query.search.trim().toLowerCase());
  if (!record || !matches(record)) return null;
  const { rawBody: _body, ...row } = record;
  return { deliveries: [row], next: null };
}
