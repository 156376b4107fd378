import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import type { AlertActor } from "@/lib/storage/ports/alerts";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
const at = (iso: string) => new Date(iso);
const system: AlertActor = { type: "system", label: "outbound deliveries" };
const failing = (subject: string) => ({
  kind: "endpoint-failing" as const,
  subject,
  title: "Endpoint failing",
  detail: "5 attempts in a row failed",
  link: `/settings/outbound/${subject}`,
});

describeEachAdapter("alerts port", ({ storage }) => {
  it("opens an alert once however often it is raised, and once more after it was resolved", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().alerts;
    const raised = await Promise.all([1, 2, 3].map(() => port.raise(a, failing("ep1"), at("2026-12-05T10:00:00Z"))));
    // Several processes seeing the same failure at once: exactly one opens it (and would notify).
    expect(raised.filter((r) => r.opened)).toHaveLength(1);
    const again = await port.raise(a, { ...failing("ep1"), detail: "7 attempts in a row failed" }, at("2026-12-05T10:05:00Z"));
    expect(again.opened).toBe(false);
    expect(again.alert).toMatchObject({ state: "open", occurrences: 1, detail: "7 attempts in a row failed" });
    expect(again.alert.lastSeenAt).toEqual(at("2026-12-05T10:05:00Z"));
    expect(again.alert.openedAt).toEqual(at("2026-12-05T10:00:00Z"));

    const user: AlertActor = { type: "user", id: "u1", label: "ada@example.com" };
    // Another tenant cannot resolve it, by id or by subject.
    expect(await port.resolve(b, again.alert.id, user, at("2026-12-05T11:00:00Z"))).toBeNull();
    expect(await port.resolveOpen(b, "endpoint-failing", "ep1", system, at("2026-12-05T11:00:00Z"))).toBeNull();
    const resolved = await port.resolve(a, again.alert.id, user, at("2026-12-05T11:00:00Z"));
    expect(resolved).toMatchObject({ state: "resolved", resolvedBy: user });
    expect(resolved?.resolvedAt).toEqual(at("2026-12-05T11:00:00Z"));
    // Resolved already: a second resolve finds nothing open.
    expect(await port.resolve(a, again.alert.id, user, at("2026-12-05T11:01:00Z"))).toBeNull();

    const reopened = await port.raise(a, failing("ep1"), at("2026-12-05T12:00:00Z"));
    expect(reopened).toMatchObject({ opened: true, alert: { state: "open", occurrences: 2, resolvedBy: null } });
    expect(await port.resolveOpen(a, "endpoint-failing", "ep1", system, at("2026-12-05T12:30:00Z"))).toMatchObject({
      state: "resolved",
      resolvedBy: system,
    });
    expect(await port.list(b)).toEqual([]);
  });

  it("lists a tenant's alerts, open ones first, each group newest first", async () => {
    const a = tenant();
    const port = storage().alerts;
    await port.raise(a, failing("old"), at("2026-12-01T10:00:00Z"));
    await port.raise(a, failing("resolved"), at("2026-12-04T10:00:00Z"));
    await port.resolveOpen(a, "endpoint-failing", "resolved", system, at("2026-12-04T11:00:00Z"));
    await port.raise(
      a,
      { kind: "rejections-spike", subject: "inbound", title: "Rejections", detail: "12 refused", link: "/settings/webhooks" },
      at("2026-12-03T10:00:00Z"),
    );
    const listed = await port.list(a);
    expect(listed.map((alert) => [alert.subject, alert.state])).toEqual([
      ["inbound", "open"],
      ["old", "open"],
      ["resolved", "resolved"],
    ]);
    expect(listed[0]?.id).toContain(a);
  });
});
