import { describe, expect, it } from "vitest";
import { createBloomFilter } from "@/lib/storage/embedded/bloom-filter";

// The embedded adapter pushes a notification before the archive has checked its cause only when
// this filter says the cause was never added: a key added must never be called new (that would be
// a notification shown twice), and few keys never added may be called "maybe" (each one only costs
// that notification the archive's insert before its push).

describe("the filter of stored notification causes", () => {
  it("never calls a key it was given new, and rarely calls a new key maybe", () => {
    const filter = createBloomFilter();
    const added = Array.from({ length: 50_000 }, (_, i) => `65f0000000000000000000${i % 7}|delivery:msg_${i}`);
    for (const key of added) filter.add(key);
    expect(added.every((key) => filter.mayHave(key))).toBe(true);
    const unseen = Array.from({ length: 50_000 }, (_, i) => `65f0000000000000000000${i % 7}|delivery:msg_new_${i}`);
    const falseMaybes = unseen.filter((key) => filter.mayHave(key)).length;
    expect(falseMaybes / unseen.length).toBeLessThan(0.002);
  });

  it("keeps every key past one layer's capacity, and across a snapshot", () => {
    const filter = createBloomFilter();
    const keys = Array.from({ length: 500_000 }, (_, i) => `t|order:${i}:created`);
    for (const key of keys) filter.add(key);
    const restored = createBloomFilter(JSON.parse(JSON.stringify(filter.snapshot())));
    expect(restored.size).toBe(keys.length);
    // Keys of both layers (a seventh of them: half a million hashes are enough work for a unit test).
    expect(keys.filter((_, i) => i % 7 === 0).every((key) => restored.mayHave(key))).toBe(true);
    const unseen = Array.from({ length: 20_000 }, (_, i) => `t|order:${i}:updated`);
    expect(unseen.filter((key) => restored.mayHave(key)).length / unseen.length).toBeLessThan(0.03);
  }, 30_000);

  it("refuses a snapshot that is not one of its own", () => {
    const own = createBloomFilter();
    own.add("a");
    const { format, layers } = own.snapshot();
    expect(() => createBloomFilter({ version: 1, format, layers: [{ count: 3, bits: "AAAA" }] })).toThrow();
    // Bits laid out by another hash or number of hashes would call added keys new.
    expect(() => createBloomFilter({ version: 1, format: "md5-double-hash/k5/4194304-bit layers", layers })).toThrow();
    expect(() => createBloomFilter(null as never)).toThrow();
    expect(createBloomFilter({ version: 1, format, layers }).mayHave("a")).toBe(true);
  });
});
