import { ObjectId } from "mongodb";
import { expect, it } from "vitest";
import type { HourCounts } from "@/lib/storage/ports/delivery-stats";
import { describeEachAdapter } from "../../support/storage-contract";

const tenant = () => new ObjectId().toHexString();
const HOUR_MS = 3_600_000;
const counts = (extra: Partial<HourCounts> = {}): HourCounts => ({ accepted: 0, rejected: {}, endpoints: {}, ...extra });

describeEachAdapter("delivery stats port", ({ storage }) => {
  it("sums what is added to an hour, also when added at once, and reads hours in a range, its tenant's only", async () => {
    const [a, b] = [tenant(), tenant()];
    const port = storage().deliveryStats;
    const endpoint = new ObjectId().toHexString();
    const hour = new Date(Math.floor(Date.now() / HOUR_MS) * HOUR_MS - 5 * HOUR_MS);
    const yesterday = new Date(hour.getTime() - 24 * HOUR_MS);
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        port.add(
          a,
          hour,
          counts({
            accepted: 1,
            rejected: i % 2 ? { signature_mismatch: 1 } : {},
            endpoints: { [endpoint]: { succeeded: i < 7 ? 1 : 0, failed: i < 7 ? 0 : 1, latencyMs: 100 } },
          }),
        ),
      ),
    );
    await port.add(a, yesterday, counts({ rejected: { endpoint_disabled: 2 } }));
    await port.add(b, hour, counts({ accepted: 99 }));

    const read = await port.read(a, new Date(yesterday.getTime()), new Date(hour.getTime() + HOUR_MS));
    expect(read.get(hour.getTime())).toEqual({
      accepted: 10,
      rejected: { signature_mismatch: 5 },
      endpoints: { [endpoint]: { succeeded: 7, failed: 3, latencyMs: 1000 } },
    });
    expect(read.get(yesterday.getTime())).toEqual(counts({ rejected: { endpoint_disabled: 2 } }));
    expect(read.size).toBe(2);
    // [from, to): the hour `to` starts is not in it.
    expect([...(await port.read(a, yesterday, hour)).keys()]).toEqual([yesterday.getTime()]);
    expect((await port.read(b, yesterday, new Date(hour.getTime() + HOUR_MS))).get(hour.getTime())?.accepted).toBe(99);
    expect((await port.read(tenant(), yesterday, new Date())).size).toBe(0);
    expect((await port.read("not-a-tenant", yesterday, new Date())).size).toBe(0);
    await port.add("not-a-tenant", hour, counts({ accepted: 1 }));
  });
});
