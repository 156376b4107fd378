// Control characters (which URL parsers strip, turning "/\t/evil" into "//evil") and backslashes
// (which browsers read as "/") never belong in a link we build from input.
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point.
const UNSAFE = /[\u0000-\u001f\u007f\\]/;

/**
 * The one decision whether a link or redirect built from input stays on our origin: the path
 * (with query and fragment) to use when `input` is a relative path that resolves to `origin`,
 * null otherwise. Pure, so the browser (with `location.origin`) and the server (with BASE_URL's
 * origin) decide alike.
 */
export function sameOriginPath(input: unknown, origin: string): string | null {
  if (typeof input !== "string" || !input.startsWith("/") || UNSAFE.test(input)) return null;
  let url: URL;
  try {
    url = new URL(input, origin);
  } catch {
    return null;
  }
  const home = new URL(origin).origin;
  if (url.origin !== home) return null;
  // Dot segments can normalise "/..//evil" into "//evil": what we hand back must hold on its own.
  const path = `${url.pathname}${url.search}${url.hash}`;
  return path.startsWith("//") || new URL(path, home).origin !== home ? null : path;
}

/** An absolute https link to show as leaving the app (SPEC §3 allows them in `actionUrl`), or null. */
export function externalHttpsUrl(input: unknown): string | null {
  if (typeof input !== "string" || UNSAFE.test(input) || /\s/.test(input)) return null;
  try {
    const url = new URL(input);
    return url.protocol === "https:" && url.hostname ? url.href : null;
  } catch {
    return null;
  }
}

// Any origin works for judging a relative path: what matters is whether it stays on the one it is resolved against.
const ANY_ORIGIN = "http://pulseboard.invalid";

/** `sameOriginPath` for a relative link whose origin is not at hand (schemas, server-rendered markup). */
export function relativeSameOriginPath(input: unknown): string | null {
  return sameOriginPath(input, ANY_ORIGIN);
}
