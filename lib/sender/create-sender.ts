import { randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import { issuesByPath } from "@/lib/errors";
import { buildSignedRequest, type SignatureScheme } from "@/lib/sender/build-signed-request";
import { parseRetryAfter } from "@/lib/sender/parse-retry-after";
import { type AttemptOutcome, defaultRetryPolicy, planRetry, type RetryPolicy } from "@/lib/sender/plan-retry";
import { SenderError } from "@/lib/sender/sender-error";
import {
  type NotificationWebhookInput,
  type OrderWebhookInput,
  type PaymentWebhookInput,
  type WebhookKind,
  webhookSchemas,
} from "@/lib/webhooks/schemas";

// The sender SDK for platforms (docs/sender.md): typed sends of SPEC §3's three events, signed with
// either scheme, one idempotency key per logical send so that a retry can never be stored twice.

export type SenderOptions = {
  /** Where Pulseboard runs, e.g. https://dashboard.example.com */
  baseUrl: string;
  tenantId: string;
  /** The tenant's webhook signing secret (`whsec_…`, Settings → Inbound). */
  secret: string;
  /** `standard` (Standard Webhooks headers, timestamped; the default) or `hex` (`X-Webhook-Signature`). */
  scheme?: SignatureScheme;
  /** Post to /api/webhooks/{tenantId}/{kind} instead of the body-tenant route. */
  scoped?: boolean;
  retry?: Partial<RetryPolicy>;
  /** Per attempt; an attempt that takes longer counts as a network failure and is retried. Default 10 s. */
  timeoutMs?: number;
  /** Called before each wait between attempts (logging, metrics). */
  onRetry?: (event: { attempt: number; delayMs: number; status?: number; error?: unknown; deliveryId: string }) => void;
  /** Defaults to the global fetch. */
  fetch?: typeof fetch;
};

export type SendOptions = {
  /**
   * The idempotency key of this logical send (`webhook-id` / `Idempotency-Key`). Generated when
   * omitted; pass your own (an order id, a job id) to make re-running your code safe too.
   */
  idempotencyKey?: string;
  /** Cancels the send, including a wait between attempts. */
  signal?: AbortSignal;
};

export type OrderInput = Omit<OrderWebhookInput, "tenantId">;
export type PaymentInput = Omit<PaymentWebhookInput, "tenantId">;
export type NotificationInput = Omit<NotificationWebhookInput, "tenantId">;
type Inputs = { orders: OrderInput; payments: PaymentInput; notifications: NotificationInput };

export type OrderAnswer = {
  success: true;
  message: string;
  orderId: string;
  orderNumber: string;
  /** This order number and status were recorded before (a retry, or the platform sending twice). */
  duplicate?: true;
  /** An existing order moved to a new status. */
  updated?: true;
  previousStatus?: string;
  status?: string;
};
export type PaymentAnswer = {
  success: true;
  message: string;
  paymentId: string;
  status: string;
  /** False (HTTP 202) while the payment's order has not arrived yet; it is linked when it does. */
  orderLinked: boolean;
  orderId?: string | null;
  duplicate?: true;
};
export type NotificationAnswer = { success: true; message?: string; notificationId: string; duplicate?: true };
type Answers = { orders: OrderAnswer; payments: PaymentAnswer; notifications: NotificationAnswer };

export type Delivered<T> = {
  /** 200 (duplicate or update), 201 (created) or 202 (payment stored, order not there yet). */
  status: number;
  body: T;
  /** The idempotency key the delivery carried. */
  deliveryId: string;
  /** 1 when the first attempt went through. */
  attempts: number;
};

/** The original system's `DashboardWebhooks.handleCheckoutComplete` input. */
export type CheckoutComplete = {
  orderNumber: string;
  customerName: string;
  customerEmail?: string;
  total: number;
  currency?: string;
  items?: OrderInput["items"];
  paymentMethod?: string;
  /** With a payment id, the payment is recorded too (status paid). */
  paymentId?: string;
  metadata?: Record<string, unknown>;
};
export type LowStockProduct = {
  id: string;
  name: string;
  stockLevel: number;
  lowStockThreshold: number;
  /** The product in the store's own admin (https): the alert's "Manage stock" link. Pulseboard has no product pages. */
  adminUrl?: string;
};
export type Maintenance = {
  /** ISO 8601, e.g. 2026-01-15T02:00:00Z */
  scheduledTime: string;
  estimatedDuration: string;
  affectedServices: string[];
};

export type Sender = ReturnType<typeof createSender>;

const failureCode = (outcome: AttemptOutcome) =>
  outcome.kind === "network"
    ? "network"
    : outcome.status === 429
      ? "rate_limited"
      : outcome.status >= 500 || outcome.status === 408 || outcome.status === 425
        ? "unavailable"
        : "rejected";

/** A client bound to one tenant and secret; every method resolves once Pulseboard stored the event, or throws a SenderError. */
export function createSender(options: SenderOptions) {
  const policy: RetryPolicy = { ...defaultRetryPolicy, ...options.retry };
  const timeoutMs = options.timeoutMs ?? 10_000;
  const post = options.fetch ?? fetch;
  const scheme = options.scheme ?? "standard";

  async function send<K extends WebhookKind>(
    kind: K,
    input: Inputs[K],
    sendOptions: SendOptions = {},
  ): Promise<Delivered<Answers[K]>> {
    const deliveryId = sendOptions.idempotencyKey ?? `msg_${randomUUID()}`;
    const payload = { ...(input as Record<string, unknown>), tenantId: options.tenantId };
    const check = webhookSchemas[kind].safeParse(payload);
    if (!check.success) {
      const details = issuesByPath(check.error);
      throw new SenderError(
        "invalid_payload",
        `Invalid ${kind} payload: ${details.map((d) => `${d.path} ${d.message}`).join("; ")}`,
        { details, deliveryId, attempts: 0 },
      );
    }
    for (let attempt = 1; ; attempt++) {
      // Signed afresh each attempt (a new webhook-timestamp), under the same delivery id.
      const request = buildSignedRequest({
        baseUrl: options.baseUrl,
        kind,
        payload,
        secret: options.secret,
        scheme,
        scoped: options.scoped,
        deliveryId,
      });
      const timeout = AbortSignal.timeout(timeoutMs);
      let outcome: AttemptOutcome;
      let body: Record<string, unknown> = {};
      let cause: unknown;
      try {
        const response = await post(request.url, {
          method: "POST",
          headers: request.headers,
          body: request.body,
          signal: sendOptions.signal ? AbortSignal.any([timeout, sendOptions.signal]) : timeout,
        });
        body = (await response.json().catch(() => ({}))) as Record<string, unknown>;
        if (response.ok) return { status: response.status, body: body as Answers[K], deliveryId, attempts: attempt };
        outcome = {
          kind: "response",
          status: response.status,
          retryAfterMs: parseRetryAfter(response.headers.get("retry-after")),
        };
      } catch (error) {
        if (sendOptions.signal?.aborted) throw sendOptions.signal.reason;
        outcome = { kind: "network" };
        cause = error;
      }
      const decision = planRetry(attempt, outcome, policy);
      if (!decision.retry) {
        const status = outcome.kind === "response" ? outcome.status : undefined;
        const retryAfterMs = outcome.kind === "response" ? (outcome.retryAfterMs ?? undefined) : undefined;
        const reason =
          outcome.kind === "network"
            ? `no answer from ${options.baseUrl} (${cause instanceof Error ? cause.message : String(cause)})`
            : `${status} ${typeof body.error === "string" ? body.error : "error"}`;
        throw new SenderError(failureCode(outcome), `Sending ${kind} failed after ${attempt} attempt(s): ${reason}`, {
          status,
          body: outcome.kind === "response" ? body : undefined,
          details: body.details,
          deliveryId,
          attempts: attempt,
          retryAfterMs,
          cause,
        });
      }
      options.onRetry?.({
        attempt,
        delayMs: decision.delayMs,
        status: outcome.kind === "response" ? outcome.status : undefined,
        error: cause,
        deliveryId,
      });
      await sleep(decision.delayMs, undefined, { signal: sendOptions.signal }).catch(() => {
        throw sendOptions.signal?.reason;
      });
    }
  }

  const keyFor = (sendOptions: SendOptions, part: string): SendOptions =>
    sendOptions.idempotencyKey ? { ...sendOptions, idempotencyKey: `${sendOptions.idempotencyKey}:${part}` } : sendOptions;

  return {
    send,
    sendOrder: (order: OrderInput, sendOptions?: SendOptions) => send("orders", order, sendOptions),
    sendPayment: (payment: PaymentInput, sendOptions?: SendOptions) => send("payments", payment, sendOptions),
    sendNotification: (notification: NotificationInput, sendOptions?: SendOptions) =>
      send("notifications", notification, sendOptions),

    /** A paid checkout: the order (status paid) and, given a payment id, its payment. */
    async handleCheckoutComplete(checkout: CheckoutComplete, sendOptions: SendOptions = {}) {
      const metadata = {
        ...checkout.metadata,
        ...(checkout.paymentMethod ? { paymentMethod: checkout.paymentMethod } : {}),
      };
      const order = await send(
        "orders",
        {
          orderNumber: checkout.orderNumber,
          customerName: checkout.customerName,
          customerEmail: checkout.customerEmail,
          amount: checkout.total,
          currency: checkout.currency,
          status: "paid",
          items: checkout.items,
          metadata,
        },
        keyFor(sendOptions, "order"),
      );
      const payment = checkout.paymentId
        ? await send(
            "payments",
            {
              orderNumber: checkout.orderNumber,
              amount: checkout.total,
              status: "paid",
              paymentId: checkout.paymentId,
              metadata,
            },
            keyFor(sendOptions, "payment"),
          )
        : null;
      return { order, payment };
    },

    /** A warning notification (an error one when the product is out of stock) linking to the product. */
    sendLowStockAlert(product: LowStockProduct, sendOptions?: SendOptions) {
      const out = product.stockLevel <= 0;
      return send(
        "notifications",
        {
          title: out ? `Out of stock: ${product.name}` : `Low stock: ${product.name}`,
          message: out
            ? `${product.name} is out of stock (threshold ${product.lowStockThreshold}).`
            : `${product.name} is down to ${product.stockLevel} unit${product.stockLevel === 1 ? "" : "s"} (threshold ${product.lowStockThreshold}).`,
          type: out ? "error" : "warning",
          priority: out ? "high" : "medium",
          ...(product.adminUrl ? { actionUrl: product.adminUrl, actionText: "Manage stock" } : {}),
          metadata: { productId: product.id, stockLevel: product.stockLevel, lowStockThreshold: product.lowStockThreshold },
        },
        sendOptions,
      );
    },

    /** An info notification announcing planned downtime. */
    sendMaintenanceNotification(maintenance: Maintenance, sendOptions?: SendOptions) {
      const services = maintenance.affectedServices.length ? maintenance.affectedServices.join(", ") : "none";
      return send(
        "notifications",
        {
          title: "Scheduled maintenance",
          message: `Maintenance starts ${maintenance.scheduledTime} and should take ${maintenance.estimatedDuration}. Affected services: ${services}.`,
          type: "info",
          priority: "medium",
          metadata: {
            scheduledTime: maintenance.scheduledTime,
            estimatedDuration: maintenance.estimatedDuration,
            affectedServices: maintenance.affectedServices,
          },
        },
        sendOptions,
      );
    },
  };
}
