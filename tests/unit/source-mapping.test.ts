import { isSafeNumber, parse } from "lossless-json";
import { describe, expect, it } from "vitest";
import { mapSourceDelivery } from "@/lib/sources/map/map-source-delivery";
import { fromMinorUnits } from "@/lib/sources/map/minor-units";
import { parsePlatformJson } from "@/lib/sources/map/parse-platform-json";
import type { MapInput } from "@/lib/sources/map/types";
import { sourceSampleFor } from "@/lib/sources/samples";
import { type SourceType, sourceOptionsSchemas } from "@/lib/sources/schemas";

function mapped(type: SourceType, body: string, headers: Record<string, string> = {}, options: Record<string, unknown> = {}) {
  const input: MapInput = {
    options: sourceOptionsSchemas[type].parse(options) as never,
    headers,
    body: parsePlatformJson(body),
    topic: headers["x-shopify-topic"] ?? headers["x-wc-webhook-topic"] ?? null,
    deliveryId: headers["x-shopify-webhook-id"] ?? null,
  };
  return mapSourceDelivery(type, input);
}

describe("money in minor units", () => {
  it("places the decimal point by the currency: cents, none for JPY, three for KWD", () => {
    expect(fromMinorUnits(1999, "USD")).toBe(19.99);
    expect(fromMinorUnits("5", "EUR")).toBe(0.05);
    expect(fromMinorUnits(5950, "JPY")).toBe(5950);
    expect(fromMinorUnits(5950, "jpy", "stripe")).toBe(5950);
    expect(fromMinorUnits(12345, "KWD")).toBe(12.345);
    expect(fromMinorUnits("12.5", "USD")).toBeNull();
  });
});

describe("shopify orders", () => {
  it("keeps a 19-digit order id exactly and maps the order's fields", () => {
    const body = `{"id":820982911946154508,"name":"#9999","order_number":9999,"email":"jon@example.com","total_price":"403.00","currency":"EUR","financial_status":"paid","fulfillment_status":null,"cancelled_at":null,"customer":{"first_name":"Jon","last_name":"Doe"},"line_items":[{"product_id":632910392123456789,"name":"IPod Nano - 8GB","quantity":2,"price":"199.00"}]}`;
    const result = mapped("shopify", body, { "x-shopify-topic": "orders/create", "x-shopify-webhook-id": "w-1" });
    expect(result.eventId).toBe("w-1");
    expect(result.event).toEqual({
      kind: "orders",
      input: expect.objectContaining({
        orderNumber: "#9999",
        customerName: "Jon Doe",
        customerEmail: "jon@example.com",
        amount: 403,
        currency: "EUR",
        status: "paid",
        items: [{ productId: "632910392123456789", productName: "IPod Nano - 8GB", quantity: 2, price: 199 }],
        metadata: expect.objectContaining({ shopifyOrderId: "820982911946154508" }),
      }),
    });
    expect(mapped("shopify", body, { "x-shopify-topic": "orders/create" }, { orderNumberFrom: "id" }).event?.input).toMatchObject(
      {
        orderNumber: "820982911946154508",
      },
    );
  });

  it("reads cancelled, refunded and fulfilled orders as such, and leaves other topics unmapped", () => {
    const base = JSON.parse(sourceSampleFor("shopify").body) as Record<string, unknown>;
    const status = (change: Record<string, unknown>, topic = "orders/updated") =>
      (
        mapped("shopify", JSON.stringify({ ...base, ...change }), { "x-shopify-topic": topic }).event?.input as
          | { status: string }
          | undefined
      )?.status;
    expect(status({ cancelled_at: "2026-12-05T10:00:00Z" })).toBe("cancelled");
    expect(status({ financial_status: "refunded" })).toBe("refunded");
    expect(status({ fulfillment_status: "fulfilled" })).toBe("shipped");
    expect(status({ financial_status: "pending" })).toBe("pending");
    expect(status({ financial_status: "pending" }, "orders/paid")).toBe("paid");
    expect(mapped("shopify", JSON.stringify(base), { "x-shopify-topic": "products/update" })).toMatchObject({
      event: null,
      note: expect.stringContaining("not mapped"),
    });
  });
});

describe("stripe and paddle payments", () => {
  it("finds the order by metadata or client_reference_id, keyed by the PaymentIntent", () => {
    const succeeded = mapped("stripe", sourceSampleFor("stripe", { orderNumber: "#1001", amount: "5950" }).body);
    expect(succeeded.event).toEqual({
      kind: "payments",
      input: expect.objectContaining({
        orderNumber: "#1001",
        status: "paid",
        amount: 59.5,
        paymentId: expect.stringMatching(/^pi_/),
      }),
    });
    const charge = mapped("stripe", sourceSampleFor("stripe", { topic: "charge.refunded", orderNumber: "#1001" }).body);
    expect(charge.event?.input).toMatchObject({ status: "refunded", paymentId: expect.stringMatching(/^pi_/) });
    const session = mapped("stripe", sourceSampleFor("stripe", { topic: "checkout.session.completed", orderNumber: "#7" }).body);
    expect(session.event?.input).toMatchObject({ orderNumber: "#7", status: "paid" });
    const yen = mapped("stripe", sourceSampleFor("stripe", { orderNumber: "#8", amount: "5950", currency: "jpy" }).body);
    expect(yen.event?.input).toMatchObject({ amount: 5950 });
    const custom = JSON.parse(sourceSampleFor("stripe").body) as { data: { object: { metadata: Record<string, string> } } };
    custom.data.object.metadata = { shop_order: "S-1" };
    expect(mapped("stripe", JSON.stringify(custom), {}, { orderNumberKey: "shop_order" }).event?.input).toMatchObject({
      orderNumber: "S-1",
    });
    expect(mapped("stripe", JSON.stringify(custom)).note).toContain("metadata.order_number");
  });

  it("reads Paddle's minor-unit strings and custom_data", () => {
    const result = mapped("paddle", sourceSampleFor("paddle", { orderNumber: "#42", amount: "1999" }).body);
    expect(result.event?.input).toMatchObject({ orderNumber: "#42", amount: 19.99, status: "paid" });
    expect(result.eventId).toMatch(/^evt_/);
  });
});

describe("woocommerce orders", () => {
  it("maps WooCommerce statuses, and a change of the same order is a new event only when it was modified", () => {
    const sample = sourceSampleFor("woocommerce", { status: "completed" });
    const first = mapped("woocommerce", sample.body, sample.headers);
    expect(first.event?.input).toMatchObject({ status: "delivered", customerName: "Grace Hopper" });
    expect(mapped("woocommerce", sample.body, sample.headers).eventId).toBe(first.eventId);
    const later = { ...(JSON.parse(sample.body) as Record<string, unknown>), date_modified_gmt: "2030-01-01T00:00:00" };
    expect(mapped("woocommerce", JSON.stringify(later), sample.headers).eventId).not.toBe(first.eventId);
  });
});

describe("platform JSON", () => {
  it("keeps integers beyond 2^53 as their text, and everything else as JSON.parse reads it", () => {
    expect(parsePlatformJson('{"id":820982911946154508,"n":[1,2.5,"x"],"s":"12345678901234567890"}')).toEqual({
      id: "820982911946154508",
      n: [1, 2.5, "x"],
      s: "12345678901234567890",
    });
    expect(parsePlatformJson('{"id":9007199254740991,"price":"199.00"}')).toEqual({ id: 9007199254740991, price: "199.00" });
    expect(() => parsePlatformJson("{nope")).toThrow();
  });

  it("reads what lossless-json reads: long numbers inside strings, escapes, exponents and negatives", () => {
    const bodies = [
      '{"note":"order \\"12345678901234567890\\" \\\\","id":-820982911946154508,"f":0.12345678901234567}',
      '[12345678901234567890,{"a":[9007199254740993,"9007199254740993"]},1234567890123456.5,-12,1.25]',
      '{"id":820982911946154508,"line_items":[{"id":466157049,"price":"199.00","variant_id":39072856}],"k\\u0022":"v"}',
      '{"big":123456789012345678901234567890,"safe":1234567890123456,"float":3.141592653589793}',
    ];
    const lossless = (text: string) => parse(text, null, (value: string) => (isSafeNumber(value) ? Number(value) : value));
    for (const body of bodies) expect(parsePlatformJson(body), body).toEqual(lossless(body));
    expect(() => parsePlatformJson('{"id":12345678901234567890')).toThrow();
    // Short numbers are JSON.parse's, exponents included (lossless-json would keep "1.5e300" as text).
    expect(parsePlatformJson('{"id":12345678901234567890,"e":1.5e300,"z":-0}')).toEqual({
      id: "12345678901234567890",
      e: 1.5e300,
      z: -0,
    });
  });
});
