import { readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { migrations } from "@/migrations";

// A step written but not listed would never run; one listed out of order would run before the steps it follows.
describe("migrations/", () => {
  it("lists every step file once, in the order of their numbers, each with its file's name as id", () => {
    const files = readdirSync(path.resolve(import.meta.dirname, "../../migrations"))
      .filter((file) => /^\d{3}-[a-z0-9-]+\.ts$/.test(file))
      .sort()
      .map((file) => file.replace(/\.ts$/, ""));
    expect(files.length).toBeGreaterThan(0);
    expect(migrations.map((m) => m.id)).toEqual(files);
    for (const m of migrations) expect(m.description.length).toBeGreaterThan(10);
  });
});
