import { parse } from "content-type";

/**
 * True for `application/json`, with any parameters, and nothing else. A substring test let
 * `text/plain; x=application/json` through: a type any page may send cross-site without a preflight.
 */
export function isJsonMediaType(header: string | null | undefined): boolean {
  if (!header) return false;
  return parse(header).type === "application/json";
}
