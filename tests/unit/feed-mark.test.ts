import { describe, expect, it } from "vitest";
import {
  advanceMark,
  emptyMark,
  markCovers,
  markFromCursor,
  markFromNewestPage,
  markToCursor,
} from "@/lib/realtime/client/feed-mark";

// A tab's mark decides what it asks for when it catches up, and which live pushes an unread count
// taken by the server already includes: an error either way is a missed or a double-counted item.
describe("feed mark", () => {
  it("rises per feed and never falls", () => {
    let mark = advanceMark(emptyMark, "t3");
    mark = advanceMark(mark, "u2");
    mark = advanceMark(mark, "t1");
    expect(mark).toEqual({ t: 3, u: 2 });
    expect(markToCursor(mark)).toBe("t3.u2");
    expect(markFromCursor("t3.u2")).toEqual(mark);
  });

  it("ignores malformed positions and cursors", () => {
    expect(advanceMark({ t: 2, u: 0 }, "x9")).toEqual({ t: 2, u: 0 });
    expect(advanceMark({ t: 2, u: 0 }, "t0")).toEqual({ t: 2, u: 0 });
    expect(markFromCursor("garbage")).toEqual(emptyMark);
  });

  it("tells which pushes a count already covered", () => {
    const seen = markFromNewestPage(["t5", "t4", "u1"], null);
    expect(markCovers(seen, "t5")).toBe(true);
    expect(markCovers(seen, "u1")).toBe(true);
    // Stored after the server counted: unread on top of the count.
    expect(markCovers(seen, "t6")).toBe(false);
    expect(markCovers(seen, "u2")).toBe(false);
  });

  it("places a feed that has nothing on the newest page at its head", () => {
    // The page is full of tenant items; the user's own feed stands at u4 (cursor names head + 1).
    expect(markFromNewestPage(["t40", "t39"], "t38.u5")).toEqual({ t: 40, u: 4 });
  });
});
