import { setMaxListeners } from "node:events";
import { createSender, type Sender } from "@/lib/sender/create-sender";
import { SenderError } from "@/lib/sender/sender-error";
import { quantiles, say } from "./stack";

// Platforms posting signed orders, order status changes, payments and notifications at a steady
// rate through the sender SDK (lib/sender/), each logical send retried under one idempotency key
// until it is answered 2xx (or the drill gives up on it). Every attempt is recorded.

export type Op = "order" | "update" | "payment" | "note";
export type Kind = "orders" | "payments" | "notifications";

export type Attempt = {
  at: number;
  ms: number;
  status: number | null;
  retryAfter: string | null;
  /** Network failure (no answer): the error's code or message. */
  error: string | null;
};

export type Delivery = {
  seq: number;
  op: Op;
  kind: Kind;
  deliveryId: string;
  orderNumber: string | null;
  paymentId: string | null;
  title: string | null;
  startedAt: number;
  answeredAt: number | null;
  status: number | null;
  body: Record<string, unknown> | null;
  attempts: Attempt[];
  outcome: "pending" | "answered" | "refused" | "abandoned";
  error: string | null;
};

export type LoadOptions = {
  baseUrl: string;
  tenantId: string;
  secret: string;
  runId: string;
  /** Logical sends started per second. */
  rate: number;
  random: () => number;
  /** Per attempt; longer counts as no answer and is retried. */
  attemptTimeoutMs?: number;
  /**
   * New sends are skipped (and counted) while this many are unanswered (default 400): a platform
   * whose queue is backed up, and a backlog the drill can drain in bounded time after an outage.
   */
  maxInFlight?: number;
};

const kindOf: Record<Op, Kind> = { order: "orders", update: "orders", payment: "payments", note: "notifications" };

export class Load {
  readonly deliveries: Delivery[] = [];
  private readonly byId = new Map<string, Delivery>();
  private readonly senders: Sender[];
  private readonly inFlight = new Set<Promise<void>>();
  private readonly abort = new AbortController();
  private timer: NodeJS.Timeout | null = null;
  private seq = 0;
  skippedTicks = 0;
  /** HTTP requests sent and not yet answered. */
  requestsInFlight = 0;
  // Orders answered 2xx and not yet paid / updated: where payments and status changes go.
  private readonly awaitingPayment: Delivery[] = [];
  private readonly awaitingUpdate: Delivery[] = [];

  constructor(readonly options: LoadOptions) {
    const recordingFetch: typeof fetch = async (input, init) => {
      const headers = (init?.headers ?? {}) as Record<string, string>;
      const delivery = this.byId.get(headers["webhook-id"] ?? headers["idempotency-key"] ?? "");
      const at = Date.now();
      this.requestsInFlight++;
      try {
        const response = await fetch(input, init);
        delivery?.attempts.push({
          at,
          ms: Date.now() - at,
          status: response.status,
          retryAfter: response.headers.get("retry-after"),
          error: null,
        });
        return response;
      } catch (error) {
        delivery?.attempts.push({ at, ms: Date.now() - at, status: null, retryAfter: null, error: errorCode(error) });
        throw error;
      } finally {
        this.requestsInFlight--;
      }
    };
    const common = {
      baseUrl: options.baseUrl,
      tenantId: options.tenantId,
      secret: options.secret,
      // Keep trying while the server restarts: a platform's queue retries for hours.
      retry: { maxAttempts: 100_000, baseDelayMs: 200, maxDelayMs: 2_000, maxRetryAfterMs: 30_000 },
      timeoutMs: options.attemptTimeoutMs ?? 20_000,
      fetch: recordingFetch,
    };
    // Every send listens to the one abort signal of the drill's deadline.
    setMaxListeners(0, this.abort.signal);
    // Both signature schemes, one sender each (Standard Webhooks' webhook-id, hex's Idempotency-Key).
    this.senders = [createSender({ ...common, scheme: "standard" }), createSender({ ...common, scheme: "hex", scoped: true })];
  }

  start(): void {
    const interval = 1000 / this.options.rate;
    let next = Date.now();
    const tick = () => {
      // Catch up on ticks an overloaded event loop delayed, so the rate stays the rate.
      while (Date.now() >= next) {
        next += interval;
        if (this.inFlight.size >= (this.options.maxInFlight ?? 400)) this.skippedTicks++;
        else this.launch();
      }
      this.timer = setTimeout(tick, Math.max(1, next - Date.now()));
    };
    tick();
  }

  /** Stops starting new sends. */
  stopSending(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** Waits for every started send to be answered, up to `timeoutMs`; the rest are abandoned. */
  async drain(timeoutMs: number): Promise<void> {
    this.stopSending();
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) {
      await Promise.race([Promise.allSettled([...this.inFlight]), new Promise((resolve) => setTimeout(resolve, 500))]);
    }
    if (this.inFlight.size > 0) {
      say(`abandoning ${this.inFlight.size} unanswered deliveries`);
      this.abort.abort(new Error("drill deadline"));
      await Promise.allSettled([...this.inFlight]);
    }
  }

  unanswered(): number {
    return this.inFlight.size;
  }

  private pick(): Op {
    const r = this.options.random();
    if (r < 0.1 && this.awaitingUpdate.length > 0) return "update";
    if (r < 0.4 && this.awaitingPayment.length > 0) return "payment";
    if (r < 0.7) return "order";
    return "note";
  }

  private takeRandom(list: Delivery[]): Delivery {
    const index = Math.floor(this.options.random() * list.length);
    const [taken] = list.splice(index, 1);
    return taken as Delivery;
  }

  private launch(): void {
    const seq = ++this.seq;
    const op = this.pick();
    const { runId } = this.options;
    const delivery: Delivery = {
      seq,
      op,
      kind: kindOf[op],
      deliveryId: `drill-${runId}-${seq}`,
      orderNumber: null,
      paymentId: null,
      title: null,
      startedAt: Date.now(),
      answeredAt: null,
      status: null,
      body: null,
      attempts: [],
      outcome: "pending",
      error: null,
    };
    // Known before the first attempt: the SDK posts it synchronously.
    this.deliveries.push(delivery);
    this.byId.set(delivery.deliveryId, delivery);
    const sender = this.senders[seq % this.senders.length] as Sender;
    const signal = this.abort.signal;
    const send = { idempotencyKey: delivery.deliveryId, signal };
    let sent: Promise<{ status: number; body: unknown }>;
    if (op === "order") {
      delivery.orderNumber = `DR-${runId}-${seq}`;
      sent = sender.sendOrder({ ...orderBody(delivery.orderNumber, seq), status: "pending" }, send);
    } else if (op === "update") {
      const order = this.takeRandom(this.awaitingUpdate);
      delivery.orderNumber = order.orderNumber;
      sent = sender.sendOrder({ ...orderBody(order.orderNumber as string, order.seq), status: "shipped" }, send);
    } else if (op === "payment") {
      const order = this.takeRandom(this.awaitingPayment);
      delivery.orderNumber = order.orderNumber;
      delivery.paymentId = `pay_${runId}_${seq}`;
      sent = sender.sendPayment(
        { orderNumber: order.orderNumber as string, amount: amountOf(order.seq), status: "paid", paymentId: delivery.paymentId },
        send,
      );
    } else {
      delivery.title = `Drill ${runId} note ${seq}`;
      sent = sender.sendNotification({ title: delivery.title, message: `Delivery ${seq} of drill ${runId}`, type: "info" }, send);
    }
    const tracked = sent.then(
      (answer) => {
        delivery.answeredAt = Date.now();
        delivery.status = answer.status;
        delivery.body = answer.body as Record<string, unknown>;
        delivery.outcome = "answered";
        if (op === "order") {
          this.awaitingPayment.push(delivery);
          this.awaitingUpdate.push(delivery);
        }
      },
      (error: unknown) => {
        delivery.outcome = signal.aborted ? "abandoned" : "refused";
        delivery.error = error instanceof SenderError ? `${error.code}: ${error.message}` : errorCode(error);
      },
    );
    this.inFlight.add(tracked);
    void tracked.finally(() => this.inFlight.delete(tracked));
  }

  /** Figures of the load itself. */
  summary(window?: { from: number; to: number }) {
    const all = window ? this.deliveries.filter((d) => d.startedAt >= window.from && d.startedAt < window.to) : this.deliveries;
    const attempts = all.flatMap((d) => d.attempts);
    const statuses: Record<string, number> = {};
    for (const attempt of attempts) {
      const key = attempt.status === null ? `no answer (${attempt.error})` : String(attempt.status);
      statuses[key] = (statuses[key] ?? 0) + 1;
    }
    const byOp: Record<string, number> = {};
    for (const d of all) byOp[d.op] = (byOp[d.op] ?? 0) + 1;
    return {
      deliveries: all.length,
      byOp,
      answered2xx: all.filter((d) => d.outcome === "answered").length,
      refused: all.filter((d) => d.outcome === "refused").length,
      abandoned: all.filter((d) => d.outcome === "abandoned").length,
      retried: all.filter((d) => d.attempts.length > 1).length,
      attempts: attempts.length,
      attemptStatuses: statuses,
      skippedTicks: this.skippedTicks,
      answerMs: quantiles(all.flatMap((d) => d.attempts.filter((a) => a.status !== null && a.status < 300).map((a) => a.ms))),
    };
  }
}

const amountOf = (seq: number) => 10 + (seq % 90) + 0.5;

function orderBody(orderNumber: string, seq: number) {
  const amount = amountOf(seq);
  return {
    orderNumber,
    customerName: "Drill Customer",
    customerEmail: "drill@example.com",
    amount,
    currency: "USD",
    items: [{ productId: "prod_drill", productName: "Drill item", quantity: 1, price: amount }],
    metadata: { source: "drill" },
  };
}

export function errorCode(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (error.name === "TimeoutError") return "timeout";
  return cause?.code ?? cause?.message ?? (error as NodeJS.ErrnoException).code ?? error.message;
}
