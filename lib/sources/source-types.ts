import type { SourceType } from "@/lib/sources/schemas";

/** What the Sources page, the docs and the CLI say of each type: its name and where its secret comes from. */
export const sourceTypeInfo: Record<SourceType, { label: string; secretHint: string; maps: string }> = {
  shopify: {
    label: "Shopify",
    secretHint: "Settings → Notifications → Webhooks shows the signing key (an app's webhooks: its client secret).",
    maps: "orders/create, updated, paid, cancelled, fulfilled → orders",
  },
  stripe: {
    label: "Stripe",
    secretHint: "Developers → Webhooks → your endpoint → Signing secret (whsec_…).",
    maps: "payment_intent, charge and checkout.session events → payments (by metadata.order_number)",
  },
  woocommerce: {
    label: "WooCommerce",
    secretHint: "WooCommerce → Settings → Advanced → Webhooks → Secret: paste ours there, or yours here.",
    maps: "order.created, updated, deleted → orders",
  },
  paddle: {
    label: "Paddle",
    secretHint: "Developer tools → Notifications → your destination → Secret key (pdl_ntfset_…).",
    maps: "transaction.completed, payment_failed → payments (by custom_data.order_number)",
  },
  square: {
    label: "Square",
    secretHint: "Developer Dashboard → Webhooks → your subscription → Signature key.",
    maps: "stored and shown (payments are not mapped yet)",
  },
  standard: {
    label: "Standard Webhooks (BigCommerce, Svix…)",
    secretHint: "The sender's whsec_… secret, or BigCommerce's client secret with the raw format.",
    maps: "stored and shown",
  },
  "generic-hmac": {
    label: "Generic HMAC",
    secretHint: "The shared secret the sender signs with.",
    maps: "stored and shown",
  },
};
