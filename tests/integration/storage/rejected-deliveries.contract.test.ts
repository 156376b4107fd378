import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import type { NewRejection, RejectionQuery, RejectionRecord } from "@/lib/storage/ports/rejected-deliveries";
import { everyPage } from "../../support/every-page";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
const rejection = (reason: string, extra: Partial<NewRejection> = {}): NewRejection => ({
  kind: "orders",
  reason,
  status: 401,
  message: `refused: ${reason}`,
  headers: { "content-type": "application/json" },
  bodyExcerpt: '{"orderNumber":"A-1"}',
  bodyBytes: 21,
  ...extra,
});

describeEachAdapter("rejected deliveries port", ({ storage }) => {
  it("lists a tenant's refusals newest first, each as it was recorded, and no other tenant's", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().rejectedDeliveries;
    const first = await port.record(a, rejection("bad_signature"));
    await port.record(b, rejection("other_tenant"));
    const second = await port.record(a, rejection("stale_timestamp", { status: 401, bodyBytes: 9000 }));
    const listed = (await port.list(a, { limit: 50 })).deliveries;
    expect(listed.map((r) => r.reason)).toEqual(["stale_timestamp", "bad_signature"]);
    expect(listed[0]).toEqual(second);
    expect(listed[1]).toEqual(first);
    expect(listed[1]).toMatchObject({
      tenantId: a,
      kind: "orders",
      status: 401,
      headers: { "content-type": "application/json" },
    });
    expect((await port.list(b, { limit: 50 })).deliveries.map((r) => r.reason)).toEqual(["other_tenant"]);
  });

  it("keeps the newest `limit` when a tenant has more", async () => {
    const a = tenant();
    const port = storage().rejectedDeliveries;
    for (let i = 0; i < 60; i++) await port.record(a, rejection(`r${i}`));
    const listed = (await port.list(a, { limit: 50 })).deliveries;
    expect(listed).toHaveLength(50);
    expect(listed[0]?.reason).toBe("r59");
    expect(listed.at(-1)?.reason).toBe("r10");
  });

  it("finds one of the tenant's refusals by id, and answers null for another tenant's or a malformed id", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().rejectedDeliveries;
    const kept = await port.record(a, rejection("bad_signature"));
    expect(await port.find(a, kept.id)).toEqual({ ...kept, rawBody: null });
    expect(await port.find(b, kept.id)).toBeNull();
    expect(await port.find(a, new ObjectId().toHexString())).toBeNull();
    expect(await port.find(a, "not-an-id")).toBeNull();
    expect((await port.list("not-a-tenant", { limit: 10 })).deliveries).toEqual([]);
  });

  it("keeps a refusal's whole body for its replay, found by id but left out of the list", async () => {
    const a = tenant();
    const port = storage().rejectedDeliveries;
    const rawBody = JSON.stringify({ orderNumber: "A-2", note: "y".repeat(6000) });
    const kept = await port.record(
      a,
      rejection("endpoint_disabled", { bodyExcerpt: rawBody.slice(0, 4096), bodyBytes: rawBody.length, rawBody }),
    );
    expect(kept).not.toHaveProperty("rawBody");
    const [listed] = (await port.list(a, { limit: 50 })).deliveries;
    expect(listed).toEqual(kept);
    expect(listed).not.toHaveProperty("rawBody");
    expect(await port.find(a, kept.id)).toEqual({ ...kept, rawBody });
  });

  it("keeps refusals that named no tenant, without showing them to any", async () => {
    const port = storage().rejectedDeliveries;
    const orphan = await port.record(null, rejection("unknown_tenant", { kind: null }));
    expect(orphan.tenantId).toBeNull();
    expect(await port.find(tenant(), orphan.id)).toBeNull();
  });

  it("pages back through every refusal beyond the newest 50, and filters by reason, route, time and the sender's delivery id", async () => {
    const a = tenant();
    const port = storage().rejectedDeliveries;
    const recorded: RejectionRecord[] = [];
    for (let i = 0; i < 120; i++) {
      const reason = i % 3 === 0 ? "signature_mismatch" : "rate_limited";
      const kind = i % 2 === 0 ? "orders" : "source:shopify";
      recorded.unshift(await port.record(a, rejection(reason, { kind, headers: { "webhook-id": `msg_R${i}` } })));
    }
    await port.record(tenant(), rejection("signature_mismatch", { headers: { "webhook-id": "msg_R7" } }));
    const ids = async (query: Partial<RejectionQuery>) =>
      (await everyPage((cursor) => port.list(a, { limit: 50, ...query, cursor }))).map((r) => r.id);
    expect(await ids({})).toEqual(recorded.map((r) => r.id));
    expect(await ids({ reason: "signature_mismatch" })).toHaveLength(40);
    // Odd and a multiple of three: 3, 9, 15… 117.
    const both = await ids({ reason: "signature_mismatch", kind: "source:shopify" });
    expect(both).toEqual(recorded.filter((_, at) => (119 - at) % 6 === 3).map((r) => r.id));
    expect(await ids({ search: "MSG_R7" })).toEqual([recorded[119 - 7]?.id]);
    expect(await ids({ search: recorded[119 - 3]?.id })).toEqual([recorded[119 - 3]?.id]);
    expect(await ids({ search: "msg_R" })).toEqual([]);
    expect(await ids({ since: new Date(Date.now() + 60_000) })).toEqual([]);
    const old = (await port.list(a, { limit: 50, search: "msg_R0" })).deliveries[0];
    // A refusal from far back opens to what was received, as a recent one does.
    expect(old).toMatchObject({
      reason: "signature_mismatch",
      headers: { "webhook-id": "msg_R0" },
      bodyExcerpt: '{"orderNumber":"A-1"}',
    });
  });
});
