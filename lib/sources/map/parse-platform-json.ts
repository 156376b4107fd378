import { isSafeNumber, parse } from "lossless-json";

/**
 * JSON.parse, except that a number JavaScript cannot hold exactly stays the text it was: Shopify's
 * ids exceed 2^53 (820982911946154508 would become …500 through JSON.parse). Throws on invalid JSON.
 */
export function parsePlatformJson(text: string): unknown {
  return parse(text, null, (value: string) => (isSafeNumber(value) ? Number(value) : value));
}
