// Stripe and Paddle send amounts in the currency's minor unit (cents), as integers or integer
// strings; a currency's exponent says where the decimal point goes: JPY has none, KWD three.
// Stripe's own zero-decimal list (https://docs.stripe.com/currencies#zero-decimal) differs from
// ISO 4217 for a few currencies it charges in whole units.
const STRIPE_ZERO_DECIMAL = new Set("BIF CLP DJF GNF JPY KMF KRW MGA PYG RWF UGX VND VUV XAF XOF XPF".split(" "));

/** ISO 4217's exponent as the runtime's ICU knows it (2 for an unknown code). */
export function currencyExponent(currency: string): number {
  try {
    return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
  } catch {
    return 2;
  }
}

/** The decimal amount of `minor` units of `currency`; null when `minor` is not an integer. */
export function fromMinorUnits(minor: unknown, currency: string, platform: "stripe" | "iso" = "iso"): number | null {
  const raw = typeof minor === "number" ? String(minor) : typeof minor === "string" ? minor.trim() : "";
  if (!/^-?\d{1,20}$/.test(raw)) return null;
  const code = currency.toUpperCase();
  const exponent = platform === "stripe" && STRIPE_ZERO_DECIMAL.has(code) ? 0 : currencyExponent(code);
  if (exponent === 0) return Number(raw);
  // Placed by text, not divided: 1999 / 100 is 19.99, but the digits are exact this way for any size.
  const negative = raw.startsWith("-");
  const digits = (negative ? raw.slice(1) : raw).padStart(exponent + 1, "0");
  const value = Number(`${digits.slice(0, -exponent)}.${digits.slice(-exponent)}`);
  return negative ? -value : value;
}
