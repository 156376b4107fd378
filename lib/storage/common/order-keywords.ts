// What the orders list's search matches (SPEC §3 orders, issue 16): the order number, each word of
// the customer's name, the customer's email and its parts, and the platform's own order ids. Kept
// lower-case and without accents, so "Zoë" is found by "zoe"; a query matches an order when each
// of its words begins one of the order's keywords (Shopify's admin search behaves the same way).

// Lower-cased first: "İ" lower-cases to "i" and a combining dot, which the mark removal then drops.
const fold = (text: string) => text.toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");

/** Whitespace-separated tokens (commas count as spaces), folded. */
const tokens = (text: string) =>
  fold(text)
    .split(/[\s,]+/u)
    .filter(Boolean);

/** Metadata keys that hold a platform's own order id (lib/sources/map): searchable like the order number. */
const PLATFORM_ID = /^[a-z]+OrderId$/;
const MAX = 100;

/**
 * A token is found by its start, by the start of each of its parts between punctuation
 * ("o'brien-smith": "brien", "smith") and by its letters run together ("obriensmith").
 */
function addToken(keys: Set<string>, token: string): void {
  keys.add(token.slice(0, MAX));
  const parts = token.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  const joined = parts.join("");
  if (joined === token) return;
  for (const part of parts.slice(0, 6)) keys.add(part.slice(0, MAX));
  if (joined) keys.add(joined.slice(0, MAX));
}

export function orderKeywords(order: {
  orderNumber: string;
  customerName: string;
  customerEmail?: string | null;
  metadata?: Record<string, unknown> | null;
}): string[] {
  const keys = new Set<string>();
  for (const token of tokens(order.orderNumber).slice(0, 3)) addToken(keys, token);
  for (const token of tokens(order.customerName).slice(0, 10)) addToken(keys, token);
  if (order.customerEmail) {
    const email = fold(order.customerEmail).trim();
    addToken(keys, email);
    const domain = email.split("@")[1];
    if (domain) keys.add(domain.slice(0, MAX));
  }
  for (const [key, value] of Object.entries(order.metadata ?? {})) {
    if (PLATFORM_ID.test(key) && (typeof value === "string" || typeof value === "number")) addToken(keys, fold(String(value)));
  }
  return [...keys];
}

/**
 * A search box's text as the words each of which must begin a keyword: at most five, without the
 * punctuation around them ("#1001", "(john)", "J.", "@example.com"), none that is only punctuation.
 */
export function searchWords(query: string): string[] {
  const words = tokens(query)
    .map((word) => word.replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, ""))
    .filter(Boolean);
  return [...new Set(words)].slice(0, 5);
}

/** Whether every word begins one of the keywords. */
export function matchesSearch(keywords: readonly string[], query: readonly string[]): boolean {
  return query.every((word) => keywords.some((keyword) => keyword.startsWith(word)));
}
