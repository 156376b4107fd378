/**
 * An order that states no currency is in the store's (Settings → General), else USD (SPEC §3):
 * our own format's and every source's, before validation fills the default.
 */
export function applyStoreCurrency<T>(order: T, storeCurrency: string | null): T {
  if (!storeCurrency || order === null || typeof order !== "object" || Array.isArray(order)) return order;
  if ((order as Record<string, unknown>).currency !== undefined) return order;
  return { ...order, currency: storeCurrency };
}
