import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import type { NewNotificationRecord, ReadState } from "@/lib/storage/ports/notifications";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
const entry = (title: string, extra: Partial<NewNotificationRecord> = {}): NewNotificationRecord => ({
  feed: "t",
  userId: null,
  title,
  message: `${title} happened`,
  type: "success",
  priority: "medium",
  actionUrl: "/orders/1",
  actionText: "View order",
  metadata: { orderNumber: title },
  ...extra,
});
const state = (version: number, extra: Partial<ReadState> = {}): ReadState => ({
  version,
  readUpTo: { t: 0, u: 0 },
  read: [],
  unread: [],
  dismissed: [],
  snoozed: [],
  ...extra,
});

describeEachAdapter("notifications port", ({ storage, kind }) => {
  it("appends to the tenant's feed at dense positions and shows the newest first in the inbox", async () => {
    const a = tenant();
    const port = storage().notifications;
    for (let i = 1; i <= 5; i++) {
      const appended = await port.append(a, `cause:${i}`, entry(`ORD-${i}`));
      await appended.durable;
      expect(appended.created).toBe(true);
      expect(appended.notification).toMatchObject({ tenantId: a, feed: "t", seq: i, title: `ORD-${i}`, userId: null });
    }
    const inbox = await port.readInbox(a, "member-1");
    expect(inbox.heads).toEqual({ t: 5, u: 0 });
    expect(inbox.entries.t.map((n) => n.seq)).toEqual([5, 4, 3, 2, 1]);
    expect(inbox.entries.t[0]).toMatchObject({
      title: "ORD-5",
      message: "ORD-5 happened",
      type: "success",
      actionUrl: "/orders/1",
      metadata: { orderNumber: "ORD-5" },
    });
    expect(inbox.entries.t[0]?.createdAt).toBeInstanceOf(Date);
    expect(inbox.holes).toEqual([]);
    expect(inbox.state.version).toBe(0);
  });

  it("appends each cause once, also when the same cause is appended concurrently", async () => {
    const a = tenant();
    const port = storage().notifications;
    const first = await port.append(a, "order:1:v1", entry("first"));
    const again = await port.append(a, "order:1:v1", entry("retried"));
    expect(again.created).toBe(false);
    expect(again.notification.id).toBe(first.notification.id);
    expect(again.notification.title).toBe("first");

    const racing = await Promise.all(Array.from({ length: 8 }, () => port.append(a, "order:2:v1", entry("race"))));
    expect(racing.filter((r) => r.created)).toHaveLength(1);
    expect(new Set(racing.map((r) => r.notification.id)).size).toBe(1);
    const inbox = await port.readInbox(a, null);
    expect(inbox.heads.t - inbox.holes.length).toBe(2);
  });

  it("answers a replayed cause older than the inbox window with the stored notification, taking no position", async () => {
    const a = tenant();
    const port = storage().notifications;
    const first = [];
    for (let i = 1; i <= 230; i++) {
      const appended = await port.append(a, `old:${i}`, entry(`ORD-${i}`), { uniqueCause: true });
      await appended.durable;
      if (i <= 20) first.push(appended.notification);
    }
    // Replays of the 20 oldest, long past what the adapter keeps in mind (a restart's replay).
    const replayed = await Promise.all(
      first.map((_n, i) => port.append(a, `old:${i + 1}`, entry(`ORD-${i + 1}`), { maybeStored: true })),
    );
    expect(replayed.map((r) => r.created)).toEqual(first.map(() => false));
    expect(replayed.map((r) => r.notification.id)).toEqual(first.map((n) => n.id));
    const inbox = await port.readInbox(a, null);
    expect(inbox.heads.t).toBe(230);
    expect(inbox.entries.t[0]).toMatchObject({ seq: 230, title: "ORD-230" });
  });

  it("keeps a member's own feed apart: only they see it, and tenants never share", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().notifications;
    await port.append(a, "everyone", entry("for everyone"));
    await port.append(a, "just-ann", entry("for ann", { feed: "u", userId: "ann" }));
    await port.append(b, "other-tenant", entry("b's"));
    const ann = await port.readInbox(a, "ann");
    const bob = await port.readInbox(a, "bob");
    expect(ann.heads).toEqual({ t: 1, u: 1 });
    expect(ann.entries.u.map((n) => n.title)).toEqual(["for ann"]);
    expect(bob.heads).toEqual({ t: 1, u: 0 });
    expect(bob.entries.u).toEqual([]);
    expect((await port.readInbox(b, "ann")).entries.t.map((n) => n.title)).toEqual(["b's"]);
    expect((await port.readInbox("not-a-tenant", "ann")).heads).toEqual({ t: 0, u: 0 });
  });

  it("reads older positions and finds a notification only within its tenant", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().notifications;
    const ids: string[] = [];
    for (let i = 1; i <= 120; i++) ids.push((await port.append(a, `c${i}`, entry(`n${i}`))).notification.id);
    const inbox = await port.readInbox(a, null);
    expect(inbox.heads.t).toBe(120);
    expect(inbox.entries.t.length).toBeGreaterThanOrEqual(50);
    const older = await port.readPositions(a, { feed: "t", userId: null }, [3, 1, 2]);
    expect(older.map((n) => n.title).sort()).toEqual(["n1", "n2", "n3"]);
    expect(await port.readPositions(b, { feed: "t", userId: null }, [1, 2])).toEqual([]);
    const found = await port.find(a, ids[0] as string);
    expect(found).toMatchObject({ title: "n1", seq: 1, tenantId: a });
    expect(await port.find(b, ids[0] as string)).toBeNull();
    expect(await port.find(a, "not-an-id")).toBeNull();
  });

  it("saves read state by compare-and-set: of two changes from the same version, one wins", async () => {
    const a = tenant();
    const port = storage().notifications;
    await port.append(a, "x", entry("x"));
    expect(await port.saveReadState(a, "ann", state(1, { readUpTo: { t: 1, u: 0 } }))).toBe(true);
    expect(await port.saveReadState(a, "ann", state(1, { dismissed: ["t1"] }))).toBe(false);
    expect((await port.readInbox(a, "ann")).state).toEqual(state(1, { readUpTo: { t: 1, u: 0 } }));
    expect(await port.saveReadState(a, "ann", state(2, { read: ["t5"] }))).toBe(true);
    expect(await port.saveReadState(a, "ann", state(2, { dismissed: ["t1"] }))).toBe(false);
    expect((await port.readInbox(a, "ann")).state).toEqual(state(2, { read: ["t5"] }));
    const snoozed = state(3, { read: ["t5"], snoozed: [{ position: "t1", until: 1_900_000_000_000 }] });
    expect(await port.saveReadState(a, "ann", snoozed)).toBe(true);
    expect((await port.readInbox(a, "ann")).state).toEqual(snoozed);
    // Another member's and another tenant's state are their own.
    expect((await port.readInbox(a, "bob")).state.version).toBe(0);
    expect((await port.readInbox(tenant(), "ann")).state.version).toBe(0);
  });

  // Two saves at the same instant: MongoDB applies the conditional update atomically, but FerretDB
  // v1 reads and writes the document back, so through the mongodb adapter on FerretDB both may
  // match. The embedded adapter's compare-and-set is an insert under a derived `_id`, atomic here.
  if (kind === "embedded")
    it("lets exactly one of two simultaneous changes from the same version win", async () => {
      const a = tenant();
      const port = storage().notifications;
      expect(await port.saveReadState(a, "ann", state(1))).toBe(true);
      const racing = await Promise.all([
        port.saveReadState(a, "ann", state(2, { read: ["t5"] })),
        port.saveReadState(a, "ann", state(2, { dismissed: ["t1"] })),
      ]);
      expect(racing.filter(Boolean)).toHaveLength(1);
      expect((await port.readInbox(a, "ann")).state.version).toBe(2);
    });

  it("refuses a notification the database cannot store without failing the others appended with it", async () => {
    const a = tenant();
    const port = storage().notifications;
    const results = await Promise.allSettled([
      port.append(a, "ok-1", entry("ok-1")),
      port.append(a, "bad", entry("bad", { metadata: { "a\u0000": 1 } })),
      port.append(a, "ok-2", entry("ok-2")),
    ]);
    expect(results.map((r) => r.status)).toEqual(["fulfilled", "rejected", "fulfilled"]);
    const inbox = await port.readInbox(a, null);
    expect(inbox.entries.t.map((n) => n.title).sort()).toEqual(["ok-1", "ok-2"]);
  });
});
