import { fromMinorUnits } from "@/lib/sources/map/minor-units";
import { at, obj, text } from "@/lib/sources/map/read";
import type { MapInput, Mapping } from "@/lib/sources/map/types";
import type { paymentStatuses } from "@/lib/webhooks/schemas";

type PaymentStatus = (typeof paymentStatuses)[number];

// An Event: `{id: "evt_…", type, data: {object}}`. Payments are keyed by their PaymentIntent
// where there is one, so payment_intent.succeeded and the charge.succeeded Stripe sends beside it
// are one payment, recorded once.
const TYPES: Record<string, { status: PaymentStatus; amountField: string }> = {
  "payment_intent.succeeded": { status: "paid", amountField: "amount_received" },
  "payment_intent.payment_failed": { status: "failed", amountField: "amount" },
  "charge.succeeded": { status: "paid", amountField: "amount" },
  "charge.failed": { status: "failed", amountField: "amount" },
  "charge.refunded": { status: "refunded", amountField: "amount_refunded" },
  "checkout.session.completed": { status: "paid", amountField: "amount_total" },
};

export function mapStripe({ options, body }: MapInput<"stripe">): Mapping {
  const event = obj(body);
  const type = text(event.type);
  const base = { topic: type, eventId: text(event.id) };
  const known = type ? TYPES[type] : undefined;
  if (!type || !known) return { ...base, event: null, note: `event type ${type ?? "(none)"} is stored, not mapped` };
  const object = obj(at(event, "data.object"));
  const metadata = obj(object.metadata);
  const orderNumber =
    text(metadata[options.orderNumberKey]) ?? (type === "checkout.session.completed" ? text(object.client_reference_id) : null);
  const currency = text(object.currency)?.toUpperCase() ?? "USD";
  const amount = fromMinorUnits(object[known.amountField], currency, "stripe");
  const paymentId = text(object.payment_intent) ?? text(object.id);
  if (!paymentId || amount === null) return { ...base, event: null, note: `the ${type} object has no id or amount` };
  if (!orderNumber)
    return {
      ...base,
      event: null,
      note: `no order number: set metadata.${options.orderNumberKey}${type === "checkout.session.completed" ? " or client_reference_id" : ""} when creating it`,
    };
  // A Checkout Session paid later (bank debits) completes unpaid: its payment is still pending.
  const status = type === "checkout.session.completed" && text(object.payment_status) !== "paid" ? "pending" : known.status;
  return {
    ...base,
    event: {
      kind: "payments",
      input: {
        orderNumber,
        paymentId,
        status,
        amount,
        metadata: {
          platform: "stripe",
          currency,
          stripeObjectId: text(object.id) ?? paymentId,
          livemode: event.livemode === true,
        },
      },
    },
  };
}
