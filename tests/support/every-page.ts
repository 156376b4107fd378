/** Every page of a log, following its cursors (a page may be short with more to come). */
export async function everyPage<T>(page: (cursor?: string) => Promise<{ deliveries: T[]; next: string | null }>): Promise<T[]> {
  const all: T[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 50; pages++) {
    const answer = await page(cursor);
    all.push(...answer.deliveries);
    if (!answer.next) return all;
    cursor = answer.next;
  }
  throw new Error("the log did not end within 50 pages");
}
