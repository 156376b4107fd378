import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import type { NewSource } from "@/lib/storage/ports/sources";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
const shopify = (name = "Store"): NewSource => ({
  type: "shopify",
  name,
  enabled: true,
  options: { orderNumberFrom: "name" },
  secretSealed: "sealed-1",
  silentAfterHours: null,
});

describeEachAdapter("sources port", ({ storage }) => {
  it("creates sources under fresh ids, lists a tenant's own oldest first, and counts them", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().sources;
    const seen: string[] = [];
    const first = await port.create(a, (id) => {
      seen.push(id);
      return shopify("First");
    });
    const second = await port.create(a, () => shopify("Second"));
    await port.create(b, () => shopify("Other tenant's"));
    expect(first).toMatchObject({
      id: seen[0],
      tenantId: a,
      type: "shopify",
      name: "First",
      enabled: true,
      previousSecretSealed: null,
    });
    expect((await port.list(a)).map((s) => s.name)).toEqual(["First", "Second"]);
    expect(await port.count(a)).toBe(2);
    expect(await port.find(a, second?.id ?? "")).toMatchObject({ name: "Second", options: { orderNumberFrom: "name" } });
    expect(await port.create("nope", () => shopify())).toBeNull();
  });

  it("lists, across tenants, the enabled sources with a silence limit, and follows changes to it", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().sources;
    const watched = await port.create(a, () => ({ ...shopify("Watched"), silentAfterHours: 6 }));
    await port.create(a, () => shopify("Unwatched"));
    const off = await port.create(b, () => ({ ...shopify("Disabled"), enabled: false, silentAfterHours: 2 }));
    const other = await port.create(b, () => ({ ...shopify("Other tenant's"), silentAfterHours: 24 }));
    const mine = async () =>
      (await port.listWatched(10_000))
        .filter((s) => s.tenantId === a || s.tenantId === b)
        .map((s) => [s.name, s.silentAfterHours])
        .sort();
    expect(await mine()).toEqual([
      ["Other tenant's", 24],
      ["Watched", 6],
    ]);
    expect(watched?.silentAfterHours).toBe(6);
    await port.update(b, off?.id ?? "", { enabled: true });
    await port.update(b, other?.id ?? "", { silentAfterHours: null });
    expect(await mine()).toEqual([
      ["Disabled", 2],
      ["Watched", 6],
    ]);
    expect((await port.find(b, other?.id ?? ""))?.silentAfterHours).toBeNull();
  });

  it("answers another tenant's source as unknown: find, update, rotate and remove", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().sources;
    const source = await port.create(a, () => shopify());
    const id = source?.id ?? "";
    expect(await port.find(b, id)).toBeNull();
    expect(await port.update(b, id, { enabled: false })).toBeNull();
    expect(await port.rotateSecret(b, id, "sealed-1", rotation("sealed-2"))).toBe(false);
    expect(await port.remove(b, id)).toBe(false);
    expect(await port.find(a, id)).toMatchObject({ enabled: true, secretSealed: "sealed-1" });
    expect(await port.find(a, "not-an-id")).toBeNull();
  });

  it("changes only the given fields, and removes", async () => {
    const a = tenant();
    const port = storage().sources;
    const id = (await port.create(a, () => shopify()))?.id ?? "";
    expect(await port.update(a, id, { enabled: false })).toMatchObject({ enabled: false, name: "Store" });
    expect(await port.update(a, id, { name: "Renamed", options: { orderNumberFrom: "id" } })).toMatchObject({
      enabled: false,
      name: "Renamed",
      options: { orderNumberFrom: "id" },
    });
    expect(await port.remove(a, id)).toBe(true);
    expect(await port.remove(a, id)).toBe(false);
    expect(await port.find(a, id)).toBeNull();
  });

  it("rotates the secret only while the caller's view of it is current", async () => {
    const a = tenant();
    const port = storage().sources;
    const id = (await port.create(a, () => shopify()))?.id ?? "";
    expect(await port.rotateSecret(a, id, "sealed-1", rotation("sealed-2"))).toBe(true);
    expect(await port.rotateSecret(a, id, "sealed-1", rotation("sealed-3"))).toBe(false);
    expect(await port.find(a, id)).toMatchObject({ secretSealed: "sealed-2", previousSecretSealed: "sealed-1" });
  });
});

function rotation(secretSealed: string) {
  return {
    secretSealed,
    previousSecretSealed: "sealed-1",
    previousSecretExpiresAt: new Date("2030-01-01T00:00:00Z"),
    secretRotatedAt: new Date("2029-12-31T00:00:00Z"),
  };
}
