import { isSafeNumber, parse } from "lossless-json";

// An integer of 16 digits or more may be beyond 2^53; shorter ones never are.
const LONG_NUMBER = /(?<![\d."])-?\d{16,}/;

/**
 * JSON.parse, except that a number JavaScript cannot hold exactly stays the text it was: Shopify's
 * ids exceed 2^53 (820982911946154508 would become …500 through JSON.parse). A body without a long
 * number takes JSON.parse itself (lossless-json is several times slower). Throws on invalid JSON.
 */
export function parsePlatformJson(text: string): unknown {
  if (!LONG_NUMBER.test(text)) return JSON.parse(text);
  return parse(text, null, (value: string) => (isSafeNumber(value) ? Number(value) : value));
}
