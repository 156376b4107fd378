import { parse } from "csv-parse/sync";
import { describe, expect, inject, it } from "vitest";
import type { OrderListRow } from "@/lib/orders/list-orders";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { api, type Session, signUp } from "../support/http";
import { suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// The orders list through the API (SPEC §3 orders list): filters, search, cursor pages, the CSV
// export of the same filters, bad queries refused, and each tenant's orders its own.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

type Page = { success: boolean; orders: OrderListRow[]; nextCursor: string | null };

async function list(session: Session, query: string): Promise<Page> {
  const response = await api(session, `/api/orders?${query}`);
  expect(response.status, await response.clone().text()).toBe(200);
  return (await response.json()) as Page;
}

async function seed(session: Session) {
  const secret = await tenantSecret(mongo(), session.tenantId);
  const send = async (extra: Record<string, unknown>, kind: "orders" | "payments" = "orders") => {
    const payload = kind === "orders" ? uniqueOrder(session.tenantId, extra) : { tenantId: session.tenantId, ...extra };
    const sent = await sendWebhook({ baseUrl, kind, payload, secret });
    expect(sent.status, JSON.stringify(sent.body)).toBeLessThan(300);
    return payload as { orderNumber: string };
  };
  const ada = await send({ customerName: "Ada Lovelace", customerEmail: "ada@example.com", status: "pending" });
  const grace = await send({ customerName: "Grace Hopper", customerEmail: "grace@navy.example", status: "shipped" });
  const formula = await send({ customerName: '=HYPERLINK("http://evil.example")', customerEmail: "x@example.com" });
  await send({ orderNumber: ada.orderNumber, paymentId: "pay_ada", status: "paid", amount: 10 }, "payments");
  return { ada, grace, formula };
}

describe("orders list", () => {
  it("lists, filters, searches and pages a tenant's orders, and never another tenant's", async () => {
    const [a, b] = [await signUp(baseUrl), await signUp(baseUrl)];
    const { ada, grace, formula } = await seed(a);

    const all = await list(a, "");
    expect(all.orders.map((o) => o.orderNumber)).toEqual([formula.orderNumber, grace.orderNumber, ada.orderNumber]);
    expect(all.nextCursor).toBeNull();
    expect(all.orders[2]).toMatchObject({ customerName: "Ada Lovelace", paymentStatus: "paid", sourceId: null });

    expect((await list(a, "status=shipped")).orders.map((o) => o.orderNumber)).toEqual([grace.orderNumber]);
    expect((await list(a, "paymentStatus=paid")).orders.map((o) => o.orderNumber)).toEqual([ada.orderNumber]);
    expect((await list(a, "paymentStatus=none")).orders).toHaveLength(2);
    expect((await list(a, "q=ada%20love")).orders.map((o) => o.orderNumber)).toEqual([ada.orderNumber]);
    expect((await list(a, `q=${encodeURIComponent(grace.orderNumber.toLowerCase())}`)).orders).toHaveLength(1);
    expect((await list(a, "q=navy.example")).orders.map((o) => o.orderNumber)).toEqual([grace.orderNumber]);
    expect((await list(a, "source=direct")).orders).toHaveLength(3);
    // Only punctuation typed: nothing to search by, so nothing matches (not everything).
    expect((await list(a, "q=%23%20-")).orders).toEqual([]);
    const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
    expect((await list(a, `from=${tomorrow}`)).orders).toEqual([]);

    // Pages of one: each order once, newest first.
    const seen: string[] = [];
    let cursor: string | null = "";
    while (cursor !== null) {
      const page: Page = await list(a, `limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.orders.map((o) => o.orderNumber));
      cursor = page.nextCursor;
    }
    expect(seen).toEqual(all.orders.map((o) => o.orderNumber));

    // The other tenant lists none of them, and cannot ask for them by naming the tenant.
    expect((await list(b, "")).orders).toEqual([]);
    const crossing = await api(b, "/api/orders", { headers: { "x-tenant-id": a.tenantId } });
    expect(crossing.status).toBe(404);
  });

  it("refuses bad queries with 400 and the parameter at fault", async () => {
    const a = await signUp(baseUrl);
    for (const [query, path] of [
      ["status=lost", "status"],
      ["paymentStatus=maybe", "paymentStatus"],
      ["source=shopify", "source"],
      ["from=yesterday", "from"],
      ["from=2026-12-05&to=2026-12-01", "from"],
      ["cursor=not-a-cursor", "cursor"],
      ["limit=1000", "limit"],
      ["sort=amount", ""],
    ] as const) {
      const response = await api(a, `/api/orders?${query}`);
      expect(response.status, query).toBe(400);
      const body = (await response.json()) as { success: boolean; details?: Array<{ path: string }> };
      expect(body.success).toBe(false);
      if (path)
        expect(
          body.details?.map((d) => d.path),
          query,
        ).toContain(path);
    }
    expect((await api({ baseUrl, cookie: "" }, "/api/orders")).status).toBe(401);
  });

  it("exports the filtered orders as CSV with a header row, formulas kept as text", async () => {
    const a = await signUp(baseUrl);
    const { ada, grace, formula } = await seed(a);
    const response = await api(a, "/api/orders/export");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"$/);
    const rows = parse(await response.text(), { columns: true }) as Array<Record<string, string>>;
    expect(rows.map((r) => r.order_number)).toEqual([formula.orderNumber, grace.orderNumber, ada.orderNumber]);
    expect(rows[2]).toMatchObject({
      customer_name: "Ada Lovelace",
      customer_email: "ada@example.com",
      status: "pending",
      payment_status: "paid",
      platform: "direct",
    });
    expect(Number(rows[2]?.amount)).toBeGreaterThan(0);
    expect(rows[0]?.customer_name).toBe('\'=HYPERLINK("http://evil.example")');

    const shipped = parse(await (await api(a, "/api/orders/export?status=shipped")).text(), { columns: true }) as unknown[];
    expect(shipped).toEqual([expect.objectContaining({ order_number: grace.orderNumber })]);
    const bad = await api(a, "/api/orders/export?cursor=abc");
    expect(bad.status).toBe(400);
  });
});
