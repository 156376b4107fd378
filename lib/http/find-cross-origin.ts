export type HeaderGetter = (name: string) => string | null | undefined;

function originOf(value: string): string | null {
  try {
    const { origin } = new URL(value);
    return origin === "null" ? null : origin;
  } catch {
    return null;
  }
}

/**
 * Why a request looks sent by a page of another origin, or null. Browsers name the page on every
 * state-changing request: `Origin` (compared with the trusted origins), else `Sec-Fetch-Site`,
 * else `Referer`. A request with none of them comes from no browser (curl, a platform, our SDK)
 * and carries no ambient authority of a victim's browser. The same rules as Go's
 * http.CrossOriginProtection, with an explicit list of trusted origins.
 */
export function findCrossOrigin(get: HeaderGetter, trusted: readonly string[]): string | null {
  const origin = get("origin");
  if (origin) {
    const normalised = originOf(origin);
    return normalised && trusted.includes(normalised) ? null : `Origin ${origin.slice(0, 200)} is not trusted`;
  }
  const site = get("sec-fetch-site");
  if (site) return site === "same-origin" || site === "none" ? null : `Sec-Fetch-Site ${site.slice(0, 40)} is not allowed`;
  const referer = get("referer");
  if (referer) {
    const normalised = originOf(referer);
    return normalised && trusted.includes(normalised) ? null : "Referer is not a trusted origin";
  }
  return null;
}
