import { describe, expect, inject, it } from "vitest";
import type { DashboardView } from "@/lib/dashboard/schemas";
import { sendWebhook } from "@/lib/sender/send-webhook";
import { api, type Session, signUp } from "../support/http";
import { addMember } from "../support/members";
import { settledRead } from "../support/settled";
import { suiteMongo, tenantSecret, uniqueOrder } from "../support/webhooks";

// Settings → General's store settings through the API: the time zone the dashboard's "today" is
// counted in, and the currency of orders that state none; validated, admins only, logged.

const baseUrl = inject("baseUrl");
const mongo = suiteMongo();

const general = (session: Session, body?: unknown, tenantId = session.tenantId) =>
  api(session, "/api/settings/general", {
    method: body === undefined ? "GET" : "PATCH",
    body: body === undefined ? undefined : JSON.stringify(body),
    headers: { "x-tenant-id": tenantId },
  });

describe("store settings", () => {
  it("are unset at first; admins change them, members only read, bad values change nothing", async () => {
    const owner = await signUp(baseUrl);
    const member = await signUp(baseUrl);
    await addMember(mongo(), owner.tenantId, member.userId, "member");
    expect(await (await general(owner)).json()).toMatchObject({ settings: { timeZone: null, currency: null } });

    for (const bad of [{ timeZone: "Mars/Olympus" }, { currency: "EURO" }, { currency: "XYZ" }, {}, { locale: "fr" }]) {
      const refused = await general(owner, bad);
      expect(refused.status, JSON.stringify(bad)).toBe(400);
      expect(await refused.json()).toMatchObject({ success: false, error: expect.any(String) });
    }
    expect((await general(member, { currency: "EUR" }, owner.tenantId)).status).toBe(403);
    const stranger = await signUp(baseUrl);
    expect((await general(stranger, undefined, owner.tenantId)).status).toBe(404);
    expect(await (await general(member, undefined, owner.tenantId)).json()).toMatchObject({
      settings: { timeZone: null, currency: null },
    });

    const saved = await general(owner, { timeZone: "Asia/Tokyo", currency: "eur" });
    expect(saved.status).toBe(200);
    expect(await saved.json()).toMatchObject({ settings: { timeZone: "Asia/Tokyo", currency: "EUR" } });
    const log = (await (await api(owner, "/api/activity?kind=settings")).json()) as {
      entries: Array<{ kind: string; before: unknown; after: unknown }>;
    };
    expect(log.entries[0]).toMatchObject({
      kind: "settings.general.updated",
      before: { timeZone: null, currency: null },
      after: { timeZone: "Asia/Tokyo", currency: "EUR" },
    });
  });

  it("count the dashboard's today in the store's time zone, and give orders that state no currency the store's", async () => {
    const owner = await signUp(baseUrl);
    const secret = await tenantSecret(mongo(), owner.tenantId);
    const order = async (extra: Record<string, unknown>) => {
      const payload: Record<string, unknown> & { tenantId: string } = { ...uniqueOrder(owner.tenantId), ...extra };
      if (extra.currency === undefined) delete payload.currency;
      const sent = await sendWebhook({ baseUrl, kind: "orders", payload, secret });
      expect(sent.status, JSON.stringify(sent.body)).toBe(201);
      return payload.orderNumber as string;
    };
    const view = (tz: string) =>
      settledRead(async () => (await (await api(owner, `/api/dashboard?tz=${encodeURIComponent(tz)}`)).json()) as DashboardView);

    const before = await order({});
    expect((await view("America/New_York")).tz).toBe("America/New_York");
    expect((await general(owner, { timeZone: "Asia/Tokyo", currency: "JPY" })).status).toBe(200);
    const after = await order({});
    const stated = await order({ currency: "GBP" });

    const dashboard = await view("America/New_York");
    expect(dashboard).toMatchObject({ tz: "Asia/Tokyo", tzOf: "store", currency: "JPY" });
    const currencyOf = Object.fromEntries(dashboard.recentOrders.map((o) => [o.orderNumber, o.currency]));
    expect(currencyOf).toEqual({ [before]: "USD", [after]: "JPY", [stated]: "GBP" });

    // A zone is kept under its proper name, whatever case it came in.
    const typed = await general(owner, { timeZone: "europe/paris" });
    expect(await typed.json()).toMatchObject({ settings: { timeZone: "Europe/Paris" } });
    // Cleared: each viewer's own day again.
    expect((await general(owner, { timeZone: null })).status).toBe(200);
    expect(await view("America/New_York")).toMatchObject({ tz: "America/New_York", tzOf: "viewer", currency: "JPY" });
  });
});
