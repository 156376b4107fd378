import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { type SourceOptions, type SourceType, sourceOptionsSchemas } from "@/lib/sources/schemas";
import { verifySourceDelivery } from "@/lib/sources/verify/verify-source-delivery";

// SPEC §8: each platform's own scheme over the raw bytes. Where a platform publishes test vectors
// (Square's and Standard Webhooks' SDK tests: ../shared/fixtures/providers/signature-vectors.json),
// they are checked as published; for the others the signature is computed here the way the
// platform documents it, with a test secret.

const NOW = 1_733_400_000;
const options = <T extends SourceType>(type: T, input: Record<string, unknown> = {}): SourceOptions<T> =>
  sourceOptionsSchemas[type].parse(input) as SourceOptions<T>;
const request = (headers: Record<string, string>, body: string | Buffer, nowS = NOW) => ({
  headers,
  body: typeof body === "string" ? Buffer.from(body, "utf8") : body,
  nowMs: nowS * 1000,
});
const mac = (key: string | Buffer, text: string | Buffer, encoding: "hex" | "base64") =>
  createHmac("sha256", key).update(text).digest(encoding);

// A Shopify order id above 2^53: the raw bytes are what is signed, never a re-serialisation.
const SHOPIFY_BODY = '{"id":820982911946154508,"name":"#9999","total_price":"199.65","currency":"USD"}';

describe("source signatures", () => {
  it("shopify: base64 HMAC of the raw body; the delivery id and topic come from its headers; rotation", () => {
    const headers = {
      "x-shopify-hmac-sha256": mac("shpss_old", SHOPIFY_BODY, "base64"),
      "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      "x-shopify-topic": "orders/create",
    };
    expect(
      verifySourceDelivery("shopify", options("shopify"), ["shpss_new", "shpss_old"], request(headers, SHOPIFY_BODY)),
    ).toEqual({
      ok: true,
      type: "shopify",
      secretIndex: 1,
      deliveryId: "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
      topic: "orders/create",
    });
    // Re-serialised (the id loses its last digits in a JavaScript number): no longer the signed bytes.
    const reparsed = JSON.stringify(JSON.parse(SHOPIFY_BODY));
    expect(verifySourceDelivery("shopify", options("shopify"), ["shpss_old"], request(headers, reparsed))).toMatchObject({
      ok: false,
      reason: "signature_mismatch",
    });
    expect(verifySourceDelivery("shopify", options("shopify"), ["shpss_old"], request({}, SHOPIFY_BODY))).toMatchObject({
      reason: "missing_signature",
    });
    expect(
      verifySourceDelivery(
        "shopify",
        options("shopify"),
        ["shpss_old"],
        request({ "x-shopify-hmac-sha256": "not base64!" }, SHOPIFY_BODY),
      ),
    ).toMatchObject({ reason: "malformed_signature" });
  });

  it("stripe: t.body in hex with the whsec_ secret as it is, several v1, 300 s either way", () => {
    const secret = "whsec_test_secret";
    const body = '{"id":"evt_1","type":"payment_intent.succeeded"}';
    const t = NOW - 120;
    const good = mac(secret, `${t}.${body}`, "hex");
    const header = `t=${t},v1=${"0".repeat(64)},v1=${good},v0=ignored`;
    expect(
      verifySourceDelivery("stripe", options("stripe"), [secret], request({ "stripe-signature": header }, body)),
    ).toMatchObject({
      ok: true,
      secretIndex: 0,
    });
    // The same header, replayed 10 minutes later.
    expect(
      verifySourceDelivery("stripe", options("stripe"), [secret], request({ "stripe-signature": header }, body, NOW + 600)),
    ).toMatchObject({ ok: false, reason: "stale_timestamp" });
    // Base64-decoding the whsec_ secret (Standard Webhooks' rule) is not Stripe's.
    const decodedKey = Buffer.from(secret.slice(6), "base64");
    const wrong = `t=${t},v1=${mac(decodedKey, `${t}.${body}`, "hex")}`;
    expect(
      verifySourceDelivery("stripe", options("stripe"), [secret], request({ "stripe-signature": wrong }, body)),
    ).toMatchObject({
      reason: "signature_mismatch",
    });
    expect(
      verifySourceDelivery("stripe", options("stripe"), [secret], request({ "stripe-signature": `v1=${good}` }, body)),
    ).toMatchObject({ reason: "malformed_signature" });
  });

  it("woocommerce: base64 HMAC of the body; the unsigned creation ping is told apart from a missing signature", () => {
    const body = '{"id":727,"status":"processing","total":"29.35"}';
    const headers = { "x-wc-webhook-signature": mac("wc_secret", body, "base64"), "x-wc-webhook-topic": "order.created" };
    expect(verifySourceDelivery("woocommerce", options("woocommerce"), ["wc_secret"], request(headers, body))).toMatchObject({
      ok: true,
      topic: "order.created",
    });
    expect(
      verifySourceDelivery("woocommerce", options("woocommerce"), ["wc_secret"], request({}, "webhook_id=15")),
    ).toMatchObject({
      ok: false,
      reason: "ping",
    });
    expect(verifySourceDelivery("woocommerce", options("woocommerce"), ["wc_secret"], request({}, body))).toMatchObject({
      reason: "missing_signature",
    });
  });

  it("paddle: ts:body in hex, several h1, refused outside its tolerance", () => {
    const secret = "pdl_ntfset_test_secret";
    const body =
      '{"event_id":"evt_01","event_type":"transaction.completed","data":{"id":"txn_01","details":{"totals":{"total":"1999"}}}}';
    const ts = NOW - 2;
    const header = `ts=${ts};h1=${mac("an old secret", `${ts}:${body}`, "hex")};h1=${mac(secret, `${ts}:${body}`, "hex")}`;
    expect(
      verifySourceDelivery("paddle", options("paddle"), [secret], request({ "paddle-signature": header }, body)),
    ).toMatchObject({
      ok: true,
    });
    expect(
      verifySourceDelivery("paddle", options("paddle"), [secret], request({ "paddle-signature": header }, body, NOW + 60)),
    ).toMatchObject({ reason: "stale_timestamp" });
    expect(
      verifySourceDelivery(
        "paddle",
        options("paddle", { toleranceS: 120 }),
        [secret],
        request({ "paddle-signature": header }, body, NOW + 60),
      ),
    ).toMatchObject({ ok: true });
  });

  it("square: the notification URL then the body, base64 (Square's SDK test vectors)", () => {
    const o = options("square", { notificationUrl: "https://webhook.site/webhooks" });
    const vectors = [
      ['{"data":{"type":"webhooks","id":"fake_id"}}', "W3FlCNk5IA3ZQ2LHTWoajvzfaDu/OwY2tNHIHC3IUOA="],
      ['{"data":{"type":"webhooks","id":">id<"}}', "Cxt7+aTi4rKgcA0bC4g9EHdVtLSDWdqccmL5MvihU4U="],
    ] as const;
    for (const [body, signature] of vectors) {
      expect(
        verifySourceDelivery("square", o, ["signature-key"], request({ "x-square-hmacsha256-signature": signature }, body)),
      ).toMatchObject({ ok: true });
    }
    // Another URL (a source registered under a different address) does not verify.
    const elsewhere = options("square", { notificationUrl: "https://webhook.site/other" });
    expect(
      verifySourceDelivery(
        "square",
        elsewhere,
        ["signature-key"],
        request({ "x-square-hmacsha256-signature": vectors[0][1] }, vectors[0][0]),
      ),
    ).toMatchObject({ reason: "signature_mismatch" });
    expect(() => options("square", {})).toThrow();
  });

  it("standard: id.timestamp.body with a whsec_ (base64) or a raw secret (the spec's test vector)", () => {
    const headers = {
      "webhook-id": "msg_p5jXN8AQM9LWM0D4loKWxJek",
      "webhook-timestamp": "1614265330",
      "webhook-signature": "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
    };
    const body = '{"test": 2432232314}';
    const secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    expect(
      verifySourceDelivery("standard", options("standard"), [secret], request(headers, body, 1614265330 + 10)),
    ).toMatchObject({
      ok: true,
      deliveryId: "msg_p5jXN8AQM9LWM0D4loKWxJek",
    });
    expect(
      verifySourceDelivery("standard", options("standard"), [secret], request(headers, body, 1614265330 + 3600)),
    ).toMatchObject({
      reason: "stale_timestamp",
    });
    // BigCommerce: its client secret's own bytes are the key.
    const raw = `v1,${mac("bc_client_secret", `${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`, "base64")}`;
    expect(
      verifySourceDelivery(
        "standard",
        options("standard", { secretFormat: "raw" }),
        ["bc_client_secret"],
        request({ ...headers, "webhook-signature": `v1a,xyz ${raw}` }, body, 1614265330),
      ),
    ).toMatchObject({ ok: true });
  });

  it("generic-hmac: header, prefix, encoding, algorithm and a signed-content template with a timestamp", () => {
    const o = options("generic-hmac", {
      header: "X-Hub-Signature-256",
      prefix: "sha256=",
      template: "{timestamp}.{body}",
      timestampHeader: "X-Timestamp",
      toleranceS: 60,
    });
    const body = '{"order":"A-1"}';
    const headers = { "x-timestamp": String(NOW), "x-hub-signature-256": `sha256=${mac("gen", `${NOW}.${body}`, "hex")}` };
    expect(verifySourceDelivery("generic-hmac", o, ["gen"], request(headers, body))).toMatchObject({ ok: true });
    expect(verifySourceDelivery("generic-hmac", o, ["gen"], request(headers, body, NOW + 120))).toMatchObject({
      reason: "stale_timestamp",
    });
    expect(verifySourceDelivery("generic-hmac", o, ["gen"], request(headers, `${body} `))).toMatchObject({
      reason: "signature_mismatch",
    });
    // A template naming a header it is not given is refused when the source is configured.
    expect(() => options("generic-hmac", { header: "X-Sig", template: "{id}.{body}" })).toThrow(/idHeader/);
    expect(() => options("generic-hmac", { header: "X-Sig", template: "no body" })).toThrow(/\{body\}/);
  });
});
