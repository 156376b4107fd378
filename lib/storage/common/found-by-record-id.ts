/**
 * A log search for a row's own record id finds that row wherever it is, on the first page: the
 * row, without its body, when the page does not list it already and it passes the other filters.
 */
export async function foundByRecordId<R extends { id: string; rawBody: unknown }>(
  query: { search?: string; cursor?: string },
  listed: Array<{ id: string }>,
  find: (id: string) => Promise<R | null>,
  matches: (record: R) => boolean,
): Promise<Array<Omit<R, "rawBody">>> {
  if (query.search === undefined || query.cursor) return [];
  const record = await find(query.search.trim().toLowerCase());
  if (!record || listed.some((row) => row.id === record.id) || !matches(record)) return [];
  const { rawBody: _body, ...row } = record;
  return [row];
}
