import { describe, expect, it } from "vitest";
import { walkWindows } from "@/lib/storage/embedded/walk-windows";
import { decodeLogCursor } from "@/lib/storage/ports/log-cursor";

// The embedded adapter's paging over windows of generations, with the reads served from memory:
// however the pages are cut, every row is listed once, even when a generation holds a row older
// than one of the generation before it (a record kept once joins its window late).

type Row = { id: string; receivedAt: Date };
type Windows = Record<string, Row[][]>; // per key, generations oldest first

function windowsOf(keys: number, generations: number, perGeneration: number, seed: number): Windows {
  let state = seed;
  const random = () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
  const windows: Windows = {};
  for (let k = 0; k < keys; k++) {
    windows[`k${k}`] = Array.from({ length: generations }, (_, g) =>
      Array.from({ length: perGeneration }, (_, i) => {
        // Mostly later generation = later time, with rows that landed a generation late.
        const late = random() < 0.15 ? -40 : 0;
        return { id: `k${k}-g${g}-${i}`, receivedAt: new Date(1_000_000 + (g * perGeneration + i) * 10 + late) };
      }),
    );
  }
  return windows;
}

async function everyPage(windows: Windows, limit: number, budget: number, match: (row: Row) => boolean = () => true) {
  const listed: string[] = [];
  let cursor: string | undefined;
  for (let pages = 0; pages < 5_000; pages++) {
    const page = await walkWindows<Row>({
      keys: Object.keys(windows),
      newest: async (key) => ((windows[key]?.length ?? 0) > 0 ? (windows[key]?.length as number) - 1 : undefined),
      read: async (key, generation) => windows[key]?.[generation]?.map((row) => ({ ...row })) ?? null,
      match,
      query: { limit, cursor },
      budget,
    });
    listed.push(...page.entries.map((row) => row.id));
    if (!page.next) return listed;
    cursor = page.next;
  }
  throw new Error("the walk did not end");
}

describe("walkWindows", () => {
  it.each([
    [1, 1],
    [3, 2],
    [7, 40],
    [50, 1],
    [50, 40],
  ])("lists every row once with pages of %i and a budget of %i generations", async (limit, budget) => {
    const windows = windowsOf(3, 6, 10, limit * 31 + budget);
    const listed = await everyPage(windows, limit, budget);
    const all = Object.values(windows).flat(2);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed.sort()).toEqual(all.map((row) => row.id).sort());
  });

  it("keeps each window's rows newest first within a generation, and its generations newest first", async () => {
    const windows = windowsOf(1, 4, 5, 7);
    const listed = await everyPage(windows, 3, 40);
    const generationOf = (id: string) => Number(/-g(\d+)-/.exec(id)?.[1]);
    const generations = listed.map(generationOf);
    expect([...generations].sort((a, b) => b - a)).toEqual(generations);
  });

  it("finds the few rows that match among many, across short and empty pages", async () => {
    const windows = windowsOf(2, 30, 20, 3);
    const wanted = (row: Row) => row.id.endsWith("-7") && row.id.includes("-g3-");
    expect((await everyPage(windows, 50, 2, wanted)).sort()).toEqual(["k0-g3-7", "k1-g3-7"]);
  });

  it("moves on with more windows than its budget, instead of answering the same empty page", async () => {
    const windows = windowsOf(60, 2, 2, 11);
    const listed = await everyPage(windows, 50, 1);
    expect(listed).toHaveLength(240);
  });

  it("ends the walk at the first row older than `since`", async () => {
    const windows = windowsOf(1, 3, 4, 5);
    const since = new Date(1_000_000 + 6 * 10);
    const page = await walkWindows<Row>({
      keys: ["k0"],
      newest: async () => 2,
      read: async (key, generation) => windows[key]?.[generation] ?? null,
      match: () => true,
      query: { limit: 50, since },
      budget: 40,
    });
    expect(page.next).toBeNull();
    expect(page.entries.length).toBeGreaterThan(0);
    // A row that joined its generation late (40 ms) may come just before the end; none older.
    expect(page.entries.every((row) => row.receivedAt.getTime() >= since.getTime() - 40)).toBe(true);
  });

  it("pages down to an earlier version's generation -1 and ends there, with cursors it can read back", async () => {
    const rows = (g: number) =>
      Array.from({ length: 3 }, (_, i) => ({ id: `g${g}-${i}`, receivedAt: new Date(1_000 + (g + 1) * 100 + i) }));
    const generations = new Map([-1, 0, 1, 2].map((g) => [g, rows(g)]));
    for (const [limit, budget, match] of [
      [2, 1, () => true],
      [50, 1, () => false],
      [3, 40, (row: Row) => row.id.startsWith("g-1")],
    ] as Array<[number, number, (row: Row) => boolean]>) {
      const listed: string[] = [];
      let cursor: string | undefined;
      let pages = 0;
      for (; pages < 50; pages++) {
        const page = await walkWindows<Row>({
          keys: ["legacy"],
          newest: async () => 2,
          read: async (_key, generation) => generations.get(generation) ?? null,
          match,
          query: { limit, cursor },
          budget,
        });
        listed.push(...page.entries.map((row) => row.id));
        if (!page.next) break;
        expect(decodeLogCursor(page.next)).not.toBeNull();
        cursor = page.next;
      }
      expect(pages).toBeLessThan(50);
      const expected = [...generations.values()].flat().filter(match);
      expect(listed.sort()).toEqual(expected.map((row) => row.id).sort());
    }
  });
});
