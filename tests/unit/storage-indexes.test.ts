import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type QueryShape, queryShapes } from "@/lib/storage/mongodb/query-shapes";
import { allModels } from "@/models";

// The mongodb adapter's promise: every query it sends has an index whose fields come in ESR order
// (equality, then sort, then range), and every index it declares serves some query (MongoDB would
// maintain an unused one on every write for nothing).

type Declared = { name: string; fields: Array<[string, number]> };

function declaredIndexes(collection: string): Declared[] {
  const model = allModels().find((m) => m.collection.collectionName === collection);
  if (!model) return [];
  return model.schema.indexes().map(([fields, options]) => ({
    name: String(
      (options as { name?: string } | undefined)?.name ??
        Object.entries(fields)
          .map(([f, d]) => `${f}_${d}`)
          .join("_"),
    ),
    fields: Object.entries(fields as Record<string, number>),
  }));
}

function servesShape(index: Declared, shape: QueryShape): boolean {
  const fields = index.fields.map(([field]) => field);
  const equality = shape.equality;
  if (new Set(fields.slice(0, equality.length)).size !== equality.length) return false;
  if (!fields.slice(0, equality.length).every((field) => equality.includes(field))) return false;
  const sort = Object.entries(shape.sort ?? {});
  const sortPart = index.fields.slice(equality.length, equality.length + sort.length);
  if (sortPart.length !== sort.length || sortPart.some(([field], i) => field !== sort[i]?.[0])) return false;
  const same = sortPart.every(([, direction], i) => direction === sort[i]?.[1]);
  const reversed = sortPart.every(([, direction], i) => direction === -(sort[i]?.[1] ?? 0));
  if (!same && !reversed) return false;
  const range = shape.range ?? [];
  const rangePart = fields.slice(equality.length + sort.length, equality.length + sort.length + range.length);
  return range.every((field) => rangePart.includes(field));
}

const shapes = Object.entries(queryShapes) as Array<[string, QueryShape]>;

describe("mongodb adapter indexes", () => {
  it.each(shapes)("%s is served by its named index, in ESR order", (_name, shape) => {
    if (shape.index === "_id_") {
      expect(shape.equality).toContain("_id");
      return;
    }
    const index = declaredIndexes(shape.collection).find((i) => i.name === shape.index);
    expect(index, `no index ${shape.index} on ${shape.collection}`).toBeDefined();
    expect(servesShape(index as Declared, shape)).toBe(true);
  });

  it("declares no index on the adapter's collections that no query uses", () => {
    const collections = new Set(shapes.map(([, shape]) => shape.collection));
    for (const collection of collections) {
      for (const index of declaredIndexes(collection)) {
        const users = shapes.filter(([, shape]) => shape.collection === collection && shape.index === index.name);
        expect(users.length, `${collection}.${index.name} serves no query`).toBeGreaterThan(0);
      }
    }
  });

  it("names every query shape at its call site in the adapter", () => {
    const dir = path.resolve(import.meta.dirname, "../../lib/storage/mongodb");
    const source = readdirSync(dir)
      .filter((file) => file.endsWith(".ts") && file !== "query-shapes.ts")
      .map((file) => readFileSync(path.join(dir, file), "utf8"))
      .join("\n");
    for (const [name] of shapes) expect(source, name).toContain(`// ${name}`);
  });
});
