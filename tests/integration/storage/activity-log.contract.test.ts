import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import { createStorage } from "@/lib/storage/create-storage";
import { deleteExpiredActivity } from "@/lib/storage/mongodb/activity-log";
import type {
  ActivityLogPort,
  ActivityPage,
  ActivityPageQuery,
  InvalidActivityCursor,
  NewActivityEntry,
} from "@/lib/storage/ports/activity-log";
import { selectStorage } from "@/lib/storage/select-storage";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const entry = (summary: string, extra: Partial<NewActivityEntry> = {}): NewActivityEntry => ({
  kind: "webhook.order.created",
  actor: { type: "platform", id: null, label: "webhook" },
  summary,
  refs: { orderNumber: summary },
  before: null,
  after: { status: "pending" },
  ...extra,
});
const change = (summary: string, userId = "u1"): NewActivityEntry =>
  entry(summary, {
    kind: "settings.webhooks.updated",
    actor: { type: "user", id: userId, label: `${userId}@example.com` },
    refs: {},
    before: { webhookRetryAttempts: 3 },
    after: { webhookRetryAttempts: 5 },
  });

function page(result: ActivityPage | InvalidActivityCursor): ActivityPage {
  if ("invalidCursor" in result) throw new Error(`unexpected invalid cursor: ${result.invalidCursor}`);
  return result;
}

/** Every summary a filter lists, following the cursors to the end. */
async function walk(port: ActivityLogPort, tenantId: string, query: Omit<ActivityPageQuery, "cursor">): Promise<string[]> {
  const all: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 1000; pages += 1) {
    const next = page(await port.list(tenantId, { ...query, cursor }));
    all.push(...next.entries.map((e) => e.summary));
    if (!next.nextCursor) return all;
    cursor = next.nextCursor;
  }
  throw new Error("the cursors never ended");
}

describeEachAdapter("activity log port", ({ storage, db, kind }) => {
  it("lists a tenant's entries newest first, each as it was appended, and no other tenant's", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().activityLog;
    const first = await port.append(a, entry("ORD-1"));
    await port.append(b, entry("other tenant"));
    const second = await port.append(a, change("retries 3 → 5"));
    const listed = page(await port.list(a, { limit: 50 }));
    expect(listed.entries).toEqual([second, first]);
    expect(listed.nextCursor).toBeNull();
    expect(listed.entries[0]).toMatchObject({
      tenantId: a,
      kind: "settings.webhooks.updated",
      actor: { type: "user", id: "u1", label: "u1@example.com" },
      before: { webhookRetryAttempts: 3 },
      after: { webhookRetryAttempts: 5 },
    });
    expect(second.createdAt.getTime()).toBeGreaterThanOrEqual(first.createdAt.getTime());
    expect(await walk(port, b, { limit: 50 })).toEqual(["other tenant"]);
    expect(await port.findHead(a)).toEqual(second);
    expect(await port.findHead(tenant())).toBeNull();
    expect(page(await port.list(tenant(), { limit: 50 }))).toEqual({ entries: [], nextCursor: null });
    expect(page(await port.list("not-a-tenant", { limit: 50 }))).toEqual({ entries: [], nextCursor: null });
    await expect(port.append("not-a-tenant", entry("x"))).rejects.toThrow();
  });

  it("pages with the cursor without gaps or repeats, while entries keep arriving between pages", async () => {
    const a = tenant();
    const port = storage().activityLog;
    for (let i = 1; i <= 12; i += 1) await port.append(a, i % 4 === 0 ? change(`c${i}`) : entry(`e${i}`));
    const expected = await walk(port, a, { limit: 100 });
    expect(expected).toEqual(Array.from({ length: 12 }, (_, i) => ((12 - i) % 4 === 0 ? `c${12 - i}` : `e${12 - i}`)));

    let late = 0;
    for (const filter of [{}, { kinds: ["settings"] }]) {
      const listedBefore = await walk(port, a, { ...filter, limit: 100 });
      const seen: string[] = [];
      let result = page(await port.list(a, { ...filter, limit: 2 }));
      seen.push(...result.entries.map((e) => e.summary));
      let rounds = 0;
      while (result.nextCursor) {
        // Appended between pages: above the first page, so not in this walk.
        await port.append(a, entry(`late e${late}`));
        await port.append(a, change(`late c${late}`));
        late += 1;
        rounds += 1;
        result = page(await port.list(a, { ...filter, limit: 2, cursor: result.nextCursor }));
        seen.push(...result.entries.map((e) => e.summary));
      }
      expect(seen).toEqual(listedBefore);
      expect(rounds).toBeGreaterThan(0);
      if ("kinds" in filter) expect(seen.slice(-3)).toEqual(["c12", "c8", "c4"]);
    }
    // The late entries are on a fresh first page, newest first, above the others.
    const fresh = await walk(port, a, { limit: 5 });
    expect(fresh).toHaveLength(12 + 2 * late);
    expect(fresh.slice(0, 2)).toEqual([`late c${late - 1}`, `late e${late - 1}`]);
    expect(fresh.slice(-12)).toEqual(expected);
    expect(new Set(fresh).size).toBe(fresh.length);
  });

  it("filters by kind prefix (whole segments), actor type or one actor, and dates, each bound inclusive", async () => {
    const a = tenant();
    const port = storage().activityLog;
    const stamps: Date[] = [];
    const appendSpaced = async (e: NewActivityEntry) => {
      stamps.push((await port.append(a, e)).createdAt);
      await pause(5);
    };
    await appendSpaced(entry("order 1"));
    await appendSpaced(change("alice changed", "alice"));
    await appendSpaced(entry("payment 1", { kind: "webhook.payment.received" }));
    await appendSpaced(entry("refused", { kind: "webhook.rejected", refs: { reason: "signature_mismatch", count: 1 } }));
    await appendSpaced(change("bob changed", "bob"));
    await appendSpaced(entry("key created", { kind: "apiKey.created", actor: { type: "apiKey", id: "k1", label: "API key" } }));
    await appendSpaced(entry("order 2"));
    await port.append(tenant(), change("another tenant's change", "alice"));

    const list = (query: Omit<ActivityPageQuery, "cursor" | "limit">) => walk(port, a, { limit: 2, ...query });
    expect(await list({ kinds: ["settings"] })).toEqual(["bob changed", "alice changed"]);
    expect(await list({ kinds: ["setting"] })).toEqual([]);
    expect(await list({ kinds: ["webhook.order"] })).toEqual(["order 2", "order 1"]);
    expect(await list({ kinds: ["webhook"] })).toEqual(["order 2", "refused", "payment 1", "order 1"]);
    expect(await list({ kinds: ["webhook.rejected"] })).toEqual(["refused"]);
    expect(await list({ kinds: ["settings.webhooks.updated", "webhook.payment"] })).toEqual([
      "bob changed",
      "payment 1",
      "alice changed",
    ]);
    expect(await list({ actor: { type: "platform", id: null } })).toEqual(["order 2", "refused", "payment 1", "order 1"]);
    expect(await list({ actor: { type: "user", id: null } })).toEqual(["bob changed", "alice changed"]);
    expect(await list({ actor: { type: "user", id: "alice" } })).toEqual(["alice changed"]);
    expect(await list({ actor: { type: "user", id: "carol" } })).toEqual([]);
    expect(await list({ actor: { type: "apiKey", id: "k1" } })).toEqual(["key created"]);
    expect(await list({ kinds: ["settings"], actor: { type: "user", id: "bob" } })).toEqual(["bob changed"]);
    expect(await list({ kinds: ["webhook"], actor: { type: "user", id: null } })).toEqual([]);

    const [, second, , , , sixth] = stamps as [Date, Date, Date, Date, Date, Date, Date];
    expect(await list({ from: second, to: sixth })).toEqual([
      "key created",
      "bob changed",
      "refused",
      "payment 1",
      "alice changed",
    ]);
    expect(await list({ from: second, to: sixth, kinds: ["settings"] })).toEqual(["bob changed", "alice changed"]);
    expect(await list({ from: sixth })).toEqual(["order 2", "key created"]);
    expect(await list({ to: second })).toEqual(["alice changed", "order 1"]);
    expect(await list({ to: new Date(Date.UTC(2000, 0, 1)) })).toEqual([]);
    expect(await list({ from: new Date(Date.now() + 3_600_000) })).toEqual([]);
  });

  it("refuses a cursor it did not make, and never lists another tenant's entries through one", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().activityLog;
    for (let i = 0; i < 3; i += 1) await port.append(a, entry(`a${i}`));
    expect(await port.list(a, { limit: 2, cursor: "not-a-cursor" })).toEqual({ invalidCursor: expect.any(String) });
    const aCursor = page(await port.list(a, { limit: 1 })).nextCursor ?? "";
    expect(aCursor).not.toBe("");
    // A cursor is a place in an order, not a key to a tenant's data.
    expect(page(await port.list(b, { limit: 10, cursor: aCursor })).entries).toEqual([]);
  });

  it("keeps every one of many concurrent appends, once each, in the order they were made", async () => {
    const a = tenant();
    const port = storage().activityLog;
    const appended = await Promise.all(
      Array.from({ length: 60 }, (_, i) => port.append(a, i % 10 === 0 ? change(`n${i}`) : entry(`n${i}`))),
    );
    const expected = Array.from({ length: 60 }, (_, i) => `n${59 - i}`);
    expect(await walk(port, a, { limit: 7 })).toEqual(expected);
    expect(new Set(appended.map((e) => e.id)).size).toBe(60);
    expect(await walk(port, a, { limit: 4, kinds: ["settings"] })).toEqual(expected.filter((s) => Number(s.slice(1)) % 10 === 0));
  });

  it("keeps every entry when two server processes append to one tenant at the same time", async () => {
    // A second adapter over the same database stands for another server process: it shares no
    // memory with the first. The embedded adapter's writers race for the same positions and the
    // unique `_id` sends the loser to the next one; the mongodb adapter's appends are plain inserts.
    const other = createStorage(await selectStorage(kind, db()), db());
    try {
      const a = tenant();
      const ports = [storage().activityLog, other.activityLog];
      await ports[0]?.append(a, entry("first"));
      await ports[1]?.findHead(a);
      const appended = await Promise.all(
        Array.from({ length: 30 }, (_, i) => ports[i % 2]?.append(a, i % 5 === 0 ? change(`p${i}`) : entry(`p${i}`))),
      );
      for (const port of ports) {
        const all = await walk(port as ActivityLogPort, a, { limit: 8 });
        expect(all).toHaveLength(31);
        expect(new Set(all).size).toBe(31);
        expect(all.at(-1)).toBe("first");
        expect((await walk(port as ActivityLogPort, a, { limit: 3, kinds: ["settings"] })).length).toBe(6);
      }
      expect(new Set(appended.map((e) => e?.id)).size).toBe(30);
    } finally {
      await other.close();
    }
  });

  // Retention applies to the mongodb adapter only: MongoDB's TTL index, or this bounded delete on
  // servers without one (FerretDB). The embedded adapter keeps every entry (docs/activity.md).
  if (kind === "mongodb") {
    it("retention deletes the entries stamped before the cutoff, and only those", async () => {
      const [a, b] = [tenant(), tenant()];
      const port = storage().activityLog;
      for (let i = 0; i < 3; i += 1) await port.append(a, entry(`old a${i}`));
      await port.append(b, entry("old b"));
      await pause(10);
      const cutoff = new Date();
      await pause(10);
      await port.append(a, entry("new a"));
      await port.append(b, change("new b"));
      expect(await deleteExpiredActivity(db(), cutoff)).toBeGreaterThanOrEqual(4);
      expect(await walk(port, a, { limit: 10 })).toEqual(["new a"]);
      expect(await walk(port, b, { limit: 10 })).toEqual(["new b"]);
      expect(await deleteExpiredActivity(db(), cutoff)).toBe(0);
    });
  }
});
