import { Webhook } from "standardwebhooks";
import { describe, expect, it } from "vitest";
import { generateWebhookSecret } from "@/lib/tenants/generate-webhook-secret";
import { signHex } from "@/lib/webhooks/signatures/sign-hex";
import { signStandard } from "@/lib/webhooks/signatures/sign-standard";
import { verifySignature } from "@/lib/webhooks/signatures/verify-signature";

const secret = generateWebhookSecret();
const body = Buffer.from(JSON.stringify({ tenantId: "507f1f77bcf86cd799439011", orderNumber: "ORD-1" }));
const current = [{ label: "current" as const, value: secret }];
const nowS = Math.floor(Date.now() / 1000);

describe("X-Webhook-Signature (hex)", () => {
  it("verifies the original system's scheme, with or without sha256=, in any case", () => {
    const sig = signHex(body, secret);
    expect(verifySignature({ "x-webhook-signature": sig }, body, current)).toEqual({
      ok: true,
      scheme: "hex",
      secret: "current",
    });
    expect(verifySignature({ "x-webhook-signature": `sha256=${sig.toUpperCase()}` }, body, current).ok).toBe(true);
  });

  it("rejects a changed body, a wrong secret and garbage, each with its reason", () => {
    const sig = signHex(body, secret);
    const changed = Buffer.concat([body, Buffer.from(" ")]);
    expect(verifySignature({ "x-webhook-signature": sig }, changed, current)).toMatchObject({
      ok: false,
      reason: "signature_mismatch",
    });
    expect(verifySignature({ "x-webhook-signature": signHex(body, generateWebhookSecret()) }, body, current)).toMatchObject({
      reason: "signature_mismatch",
    });
    expect(verifySignature({ "x-webhook-signature": "abc" }, body, current)).toMatchObject({ reason: "malformed_signature" });
    expect(verifySignature({}, body, current)).toMatchObject({ reason: "missing_signature" });
  });

  it("tries the previous secret and reports which one matched", () => {
    const old = generateWebhookSecret();
    const result = verifySignature({ "x-webhook-signature": signHex(body, old) }, body, [
      ...current,
      { label: "previous", value: old },
    ]);
    expect(result).toEqual({ ok: true, scheme: "hex", secret: "previous" });
  });
});

describe("Standard Webhooks", () => {
  it("interoperates with the standardwebhooks library in both directions", () => {
    const wh = new Webhook(secret);
    const signedByLibrary = wh.sign("msg_1", new Date(nowS * 1000), body.toString());
    expect(
      verifySignature(
        { "webhook-id": "msg_1", "webhook-timestamp": String(nowS), "webhook-signature": signedByLibrary },
        body,
        current,
      ),
    ).toEqual({ ok: true, scheme: "standard", secret: "current" });

    const ours = signStandard({ id: "msg_2", timestamp: nowS, body, secret });
    expect(() =>
      wh.verify(body.toString(), { "webhook-id": "msg_2", "webhook-timestamp": String(nowS), "webhook-signature": ours }),
    ).not.toThrow();
  });

  it("accepts any one of several space-separated signatures", () => {
    const good = signStandard({ id: "m", timestamp: nowS, body, secret });
    const other = signStandard({ id: "m", timestamp: nowS, body, secret: generateWebhookSecret() });
    const headers = { "webhook-id": "m", "webhook-timestamp": String(nowS), "webhook-signature": `${other} v2,xyz ${good}` };
    expect(verifySignature(headers, body, current).ok).toBe(true);
  });

  it("refuses timestamps outside ±5 minutes and reports missing headers by name", () => {
    // Read again here: on a busy machine the module's clock can be seconds old by now.
    const nowS = Math.floor(Date.now() / 1000);
    for (const ts of [nowS - 302, nowS + 302]) {
      const headers = {
        "webhook-id": "m",
        "webhook-timestamp": String(ts),
        "webhook-signature": signStandard({ id: "m", timestamp: ts, body, secret }),
      };
      expect(verifySignature(headers, body, current)).toMatchObject({ ok: false, reason: "stale_timestamp" });
    }
    const inside = nowS - 290;
    expect(
      verifySignature(
        {
          "webhook-id": "m",
          "webhook-timestamp": String(inside),
          "webhook-signature": signStandard({ id: "m", timestamp: inside, body, secret }),
        },
        body,
        current,
      ).ok,
    ).toBe(true);
    expect(verifySignature({ "webhook-id": "m" }, body, current)).toMatchObject({
      reason: "missing_signature",
      message: expect.stringContaining("webhook-timestamp, webhook-signature"),
    });
  });

  it("binds the id and timestamp into the signature", () => {
    const sig = signStandard({ id: "m1", timestamp: nowS, body, secret });
    expect(
      verifySignature({ "webhook-id": "m2", "webhook-timestamp": String(nowS), "webhook-signature": sig }, body, current),
    ).toMatchObject({
      reason: "signature_mismatch",
    });
  });
});
