import { isSafeNumber } from "lossless-json";

// An integer of 16 digits or more may be beyond 2^53; shorter ones never are.
const LONG_NUMBER = /(?<![\d."])-?\d{16,}/;
// A JSON string (escapes included) or a number. Scanning from the start of valid JSON, every match
// begins outside a string, so a number matched here is a value, never text inside a string.
const STRING_OR_NUMBER = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;

/**
 * JSON.parse, except that a number JavaScript cannot hold exactly stays the text it was: Shopify's
 * ids exceed 2^53 (820982911946154508 would become …500 through JSON.parse). Such numbers are
 * quoted before JSON.parse reads the body: lossless-json's own parser did the same job five times
 * slower, on every Shopify delivery (each carries 19-digit ids). Throws on invalid JSON.
 */
export function parsePlatformJson(text: string): unknown {
  const plain = JSON.parse(text);
  if (!LONG_NUMBER.test(text)) return plain;
  // The body is valid JSON (parsed above), so the scan below never starts inside a string.
  return JSON.parse(
    text.replace(STRING_OR_NUMBER, (token) =>
      // Fewer than 16 characters: at most 15 significant digits, which a double always holds.
      token.charCodeAt(0) === 34 || token.length < 16 || isSafeNumber(token) ? token : `"${token}"`,
    ),
  );
}
