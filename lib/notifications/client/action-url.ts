/** Only same-site paths and https links become buttons: a notification must not carry javascript: or http:. */
export function safeActionUrl(url: string | null | undefined): string | null {
  if (!url) return null;
  // "//host" and "/\host" are other sites to a browser, not paths.
  if (/^\/(?![/\\])/.test(url)) return url;
  try {
    return new URL(url).protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}
