import { describe, expect, it } from "vitest";
import { readStatsDay, statsDayKeys, statsIncrement } from "@/lib/storage/common/delivery-stats-document";
import type { HourCounts } from "@/lib/storage/ports/delivery-stats";

// How both adapters lay a tenant's hourly delivery counts into one document per UTC day, and read them back.

/** What `$inc` would leave in a fresh document: the dotted paths as nested objects. */
function applied(inc: Record<string, number>): Record<string, unknown> {
  const doc: Record<string, unknown> = {};
  for (const [path, n] of Object.entries(inc)) {
    const parts = path.split(".");
    let node = doc;
    for (const part of parts.slice(0, -1)) {
      node[part] ??= {};
      node = node[part] as Record<string, unknown>;
    }
    node[parts.at(-1) as string] = ((node[parts.at(-1) as string] as number | undefined) ?? 0) + n;
  }
  return doc;
}

describe("delivery stats documents", () => {
  it("reads back an hour's counts as they were added, under the right hour", () => {
    const hour = new Date("2026-12-05T07:00:00Z");
    const counts: HourCounts = {
      accepted: 3,
      rejected: { signature_mismatch: 2, rate_limited: 1 },
      endpoints: { "6750a1b2c3d4e5f6a7b8c9d0": { succeeded: 4, failed: 1, latencyMs: 650 } },
    };
    const read = new Map<number, HourCounts>();
    readStatsDay(
      "20261205",
      applied(statsIncrement(hour, counts)),
      new Date("2026-12-05T00:00:00Z"),
      new Date("2026-12-06T00:00:00Z"),
      read,
    );
    expect([...read.keys()]).toEqual([hour.getTime()]);
    expect(read.get(hour.getTime())).toEqual(counts);
  });

  it("leaves out the hours outside the range asked and keys that could not be field names", () => {
    const inc = {
      ...statsIncrement(new Date("2026-12-05T01:00:00Z"), { accepted: 1, rejected: { "bad.reason": 5, $x: 1 }, endpoints: {} }),
      ...statsIncrement(new Date("2026-12-05T22:00:00Z"), { accepted: 2, rejected: {}, endpoints: {} }),
    };
    expect(Object.keys(inc)).toEqual(["h.t01.a", "h.t22.a"]);
    const read = new Map<number, HourCounts>();
    readStatsDay("20261205", applied(inc), new Date("2026-12-05T12:00:00Z"), new Date("2026-12-06T00:00:00Z"), read);
    expect([...read.entries()]).toEqual([[Date.parse("2026-12-05T22:00:00Z"), { accepted: 2, rejected: {}, endpoints: {} }]]);
  });

  it("names every UTC day a range touches", () => {
    expect(statsDayKeys(new Date("2026-12-30T23:00:00Z"), new Date("2027-01-02T00:00:00Z"))).toEqual([
      "20261230",
      "20261231",
      "20270101",
    ]);
    expect(statsDayKeys(new Date("2026-12-05T10:00:00Z"), new Date("2026-12-05T11:00:00Z"))).toEqual(["20261205"]);
  });
});
