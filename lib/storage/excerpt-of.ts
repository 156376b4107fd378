/** How much of a body the deliveries logs keep to show. */
export const EXCERPT_BYTES = 4096;

/** The first EXCERPT_BYTES of a body as text, and its full size in bytes. */
export function excerptOf(rawBody: string): { bodyExcerpt: string; bodyBytes: number } {
  const bodyBytes = Buffer.byteLength(rawBody);
  const bodyExcerpt = bodyBytes > EXCERPT_BYTES ? Buffer.from(rawBody).subarray(0, EXCERPT_BYTES).toString("utf8") : rawBody;
  return { bodyExcerpt, bodyBytes };
}
