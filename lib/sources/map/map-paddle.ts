import { fromMinorUnits } from "@/lib/sources/map/minor-units";
import { at, obj, text } from "@/lib/sources/map/read";
import type { MapInput, Mapping } from "@/lib/sources/map/types";

// Paddle Billing's notification: `{event_id, event_type, occurred_at, notification_id, data}`;
// a transaction's totals are minor-unit strings in data.details.totals.
const TYPES = { "transaction.completed": "paid", "transaction.payment_failed": "failed" } as const;

export function mapPaddle({ options, body }: MapInput<"paddle">): Mapping {
  const event = obj(body);
  const type = text(event.event_type);
  // event_id is the same across Paddle's retries of one event; notification_id names one destination's copy.
  const base = { topic: type, eventId: text(event.event_id) ?? text(event.notification_id) };
  const status = type ? TYPES[type as keyof typeof TYPES] : undefined;
  if (!type || !status) return { ...base, event: null, note: `event type ${type ?? "(none)"} is stored, not mapped` };
  const data = obj(event.data);
  const currency = text(data.currency_code)?.toUpperCase() ?? "USD";
  const amount = fromMinorUnits(at(data, "details.totals.grand_total") ?? at(data, "details.totals.total"), currency);
  const paymentId = text(data.id);
  const orderNumber = text(obj(data.custom_data)[options.orderNumberKey]);
  if (!paymentId || amount === null) return { ...base, event: null, note: "the transaction has no id or totals" };
  if (!orderNumber)
    return {
      ...base,
      event: null,
      note: `no order number: pass custom_data.${options.orderNumberKey} when opening the checkout`,
    };
  return {
    ...base,
    event: {
      kind: "payments",
      input: { orderNumber, paymentId, status, amount, metadata: { platform: "paddle", currency } },
    },
  };
}
