import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import type { JournalEntry, NewJournalEntry } from "@/lib/storage/ports/effect-journal";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
let sequence = 0;
const event = (extra: Partial<NewJournalEntry> = {}): NewJournalEntry => {
  sequence += 1;
  return {
    eventKey: `order:ORD-${sequence}:pending`,
    kind: "orders",
    input: { orderNumber: `ORD-${sequence}`, status: "pending", amount: 10 },
    deliveryId: null,
    scheme: "hex",
    headers: { "content-type": "application/json" },
    rawBody: `{"orderNumber":"ORD-${sequence}"}`,
    ...extra,
  };
};

describeEachAdapter("effect journal port", ({ storage }) => {
  it("opens an event once until it is closed; a second open returns the entry left open", async () => {
    const [a, b] = [tenant(), tenant()];
    const journal = storage().effectJournal;
    const first = await journal.open(a, event({ eventKey: "orders/dlv_1" }));
    expect(first.opened).toBe(true);
    expect(first.entry).toMatchObject({ tenantId: a, eventKey: "orders/dlv_1", kind: "orders", deliveryId: null });

    const again = await journal.open(a, event({ eventKey: "orders/dlv_1", rawBody: "another attempt" }));
    expect(again.opened).toBe(false);
    expect(again.entry).toMatchObject({ id: first.entry.id, rawBody: first.entry.rawBody, input: first.entry.input });

    // The same key is another tenant's own event.
    const other = await journal.open(b, event({ eventKey: "orders/dlv_1" }));
    expect(other.opened).toBe(true);
    expect(other.entry.id).not.toBe(first.entry.id);

    // Another tenant cannot close it; its own tenant can, and then it opens anew.
    await journal.close(b, first.entry.id);
    expect((await journal.open(a, event({ eventKey: "orders/dlv_1" }))).opened).toBe(false);
    await journal.close(a, first.entry.id);
    await journal.close(a, first.entry.id);
    expect((await journal.open(a, event({ eventKey: "orders/dlv_1" }))).opened).toBe(true);
  });

  it("lists the entries left open before a moment, oldest first, across tenants", async () => {
    const [a, b] = [tenant(), tenant()];
    const journal = storage().effectJournal;
    const opened: JournalEntry[] = [];
    for (const t of [a, b, a]) {
      opened.push((await journal.open(t, event())).entry);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const closed = (await journal.open(b, event())).entry;
    await journal.close(b, closed.id);
    const cut = new Date();
    const later = (await journal.open(a, event())).entry;

    const due = await journal.listDue(cut, 1000);
    const ours = due.filter((entry) => [...opened, closed, later].some((o) => o.id === entry.id));
    expect(ours.map((entry) => entry.id)).toEqual(opened.map((entry) => entry.id));
    expect(ours.map((entry) => entry.tenantId)).toEqual([a, b, a]);
    expect(ours[0]).toMatchObject({ kind: "orders", scheme: "hex", headers: { "content-type": "application/json" } });
    // The next page starts at a given time: entries opened before it are not listed again.
    const fromSecond = (await journal.listDue(cut, 1000, opened[1]?.openedAt)).filter((entry) =>
      opened.some((o) => o.id === entry.id),
    );
    expect(fromSecond.map((entry) => entry.id)).toEqual(opened.slice(1).map((entry) => entry.id));
    for (const entry of [...opened, later]) await journal.close(entry.tenantId, entry.id);
  });
});
