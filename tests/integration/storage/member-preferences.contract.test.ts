import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import { defaultNotificationPreferences } from "@/lib/notifications/schemas";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();

describeEachAdapter("member preferences port", ({ storage }) => {
  it("keeps each member's preferences per tenant, replaced whole, and nobody else's", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().memberPreferences;
    expect(await port.find(a, "user-1")).toBeNull();
    const quiet = { ...defaultNotificationPreferences, toast: { info: false, success: false, warning: true, error: true } };
    await port.save(a, "user-1", quiet);
    expect(await port.find(a, "user-1")).toEqual(quiet);
    // Another member of the tenant, and the same member in another tenant, have their own.
    expect(await port.find(a, "user-2")).toBeNull();
    expect(await port.find(b, "user-1")).toBeNull();
    const loud = { ...quiet, sound: true, sticky: { low: false, medium: false, high: true, urgent: true } };
    await port.save(a, "user-1", loud);
    expect(await port.find(a, "user-1")).toEqual(loud);
    expect(await port.find("not-a-tenant", "user-1")).toBeNull();
  });
});
