import { describe, expect, it } from "vitest";
import { diffRows } from "@/lib/activity/client/diff-rows";
import { REDACTED, redactSecrets } from "@/lib/activity/redact-secrets";
import { listActivityQuerySchema } from "@/lib/activity/schemas";
import { belongsToChanges, decodeActivityCursor, encodeActivityCursor, streamFor } from "@/lib/storage/embedded/activity-streams";

describe("activity log rules", () => {
  it("masks what looks like a secret before it is stored, and keeps everything else", () => {
    expect(
      redactSecrets({
        webhookRetryAttempts: 3,
        previousSecretValidUntil: "2026-12-03T10:00:00.000Z",
        secret: "anything",
        nested: { token: "abc", note: "whsec_d3JvbmcgZm9yIHN1cmU=", list: ["pb_0123456789abcdefghij", "ok"], start: "pb_ab12" },
      }),
    ).toEqual({
      webhookRetryAttempts: 3,
      previousSecretValidUntil: "2026-12-03T10:00:00.000Z",
      secret: REDACTED,
      nested: { token: REDACTED, note: REDACTED, list: [REDACTED, "ok"], start: "pb_ab12" },
    });
  });

  it("sends every change and every refusal to the changes stream, and only webhook traffic to the full log alone", () => {
    expect(belongsToChanges("settings.webhooks.updated", "user")).toBe(true);
    expect(belongsToChanges("outbound.endpoint.auto_disabled", "system")).toBe(true);
    expect(belongsToChanges("webhook.rejected", "platform")).toBe(true);
    expect(belongsToChanges("webhook.order.created", "platform")).toBe(false);
    // A filter reads the changes stream only when nothing it can match is missing there.
    expect(streamFor({})).toBe("a");
    expect(streamFor({ kinds: ["settings", "member"] })).toBe("c");
    expect(streamFor({ kinds: ["webhook.rejected"] })).toBe("c");
    expect(streamFor({ kinds: ["webhook"] })).toBe("a");
    expect(streamFor({ kinds: ["settings", "webhook.order"] })).toBe("a");
    expect(streamFor({ actor: { type: "user", id: null } })).toBe("c");
    expect(streamFor({ actor: { type: "platform", id: null } })).toBe("a");
  });

  it("round-trips its cursor and refuses one it did not make", () => {
    const cursor = encodeActivityCursor({ stream: "c", seq: 1234 });
    expect(decodeActivityCursor(cursor)).toEqual({ stream: "c", seq: 1234 });
    expect(decodeActivityCursor("bm9wZQ")).toBeNull();
    expect(decodeActivityCursor(encodeActivityCursor({ stream: "a", seq: 1 }).slice(1))).toBeNull();
  });

  it("reads a date as the whole UTC day, and refuses a range that ends before it starts", () => {
    const query = listActivityQuerySchema.parse({ from: "2026-12-01", to: "2026-12-01" });
    expect(query.from?.toISOString()).toBe("2026-12-01T00:00:00.000Z");
    expect(query.to?.toISOString()).toBe("2026-12-01T23:59:59.999Z");
    expect(listActivityQuerySchema.parse({ kind: "settings, webhook.rejected" }).kind).toEqual(["settings", "webhook.rejected"]);
    expect(listActivityQuerySchema.parse({ actor: "user:abc" }).actor).toEqual({ type: "user", id: "abc" });
    expect(listActivityQuerySchema.safeParse({ from: "2026-12-02T10:00:00Z", to: "2026-12-02T09:00:00Z" }).success).toBe(false);
    expect(listActivityQuerySchema.safeParse({ to: "2026-12-01T10:00:00" }).success).toBe(false); // no time zone
  });

  it("lists a nested change one field per row, by dotted path", () => {
    expect(
      diffRows(
        { webhookRetryAttempts: 3, webhookEndpoints: { payments: true } },
        { webhookRetryAttempts: 6, webhookEndpoints: { payments: false } },
      ),
    ).toEqual([
      { field: "webhookRetryAttempts", before: 3, after: 6 },
      { field: "webhookEndpoints.payments", before: true, after: false },
    ]);
    expect(diffRows(null, { previousSecretValidUntil: "2026-12-03" })).toEqual([
      { field: "previousSecretValidUntil", before: undefined, after: "2026-12-03" },
    ]);
  });
});
