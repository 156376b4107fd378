import { externalHttpsUrl, relativeSameOriginPath } from "@/lib/http/same-origin-path";

/**
 * Only paths that stay on our origin and https links become buttons: a notification must not carry
 * javascript:, http:, or a "relative" path a browser reads as another site ("//x", "/\x", "/\t/x").
 * Stored notifications from before validation was this strict go through it too.
 */
export function safeActionUrl(url: string | null | undefined): { href: string; external: boolean } | null {
  const internal = relativeSameOriginPath(url);
  if (internal) return { href: internal, external: false };
  const external = url?.startsWith("https:") ? externalHttpsUrl(url) : null;
  return external ? { href: external, external: true } : null;
}
