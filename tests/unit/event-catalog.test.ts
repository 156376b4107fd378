import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { eventCatalog, eventCatalogMarkdown } from "@/lib/outbound/event-catalog";
import { outboundEventTypes } from "@/lib/outbound/schemas";

describe("event catalog", () => {
  it("describes every event type an endpoint can subscribe to, once, with an example of that type", () => {
    expect(eventCatalog.map((entry) => entry.type).sort()).toEqual([...outboundEventTypes].sort());
    for (const entry of eventCatalog) {
      expect(entry.example.type).toBe(entry.type);
      expect(entry.example.id).toMatch(/^evt_/);
      expect(entry.description.length).toBeGreaterThan(20);
    }
  });

  it("is what docs/events.md says (npm run docs:events rewrites it)", () => {
    const docs = readFileSync(path.join(import.meta.dirname, "..", "..", "docs", "events.md"), "utf8");
    expect(docs).toBe(eventCatalogMarkdown());
  });
});
