import { describe, expect, it } from "vitest";
import {
  applyChange,
  applyMarkAllRead,
  emptyReadState,
  isDismissedIn,
  isReadIn,
  unreadCountOf,
} from "@/lib/notifications/read-state";

describe("per-member read state", () => {
  it("counts every notification unread until the member acts", () => {
    expect(unreadCountOf(emptyReadState(), { t: 7, u: 2 })).toBe(9);
  });

  it("follows individual reads, un-reads and dismissals exactly", () => {
    let state = emptyReadState();
    state = applyChange(state, "t3", { isRead: true });
    state = applyChange(state, "u1", { isDismissed: true });
    expect(unreadCountOf(state, { t: 5, u: 1 })).toBe(4);
    expect(isReadIn(state, "t3")).toBe(true);
    expect(isDismissedIn(state, "u1")).toBe(true);

    // Reading an item twice, or dismissing an item already read, counts once.
    state = applyChange(state, "t3", { isRead: true, isDismissed: true });
    expect(unreadCountOf(state, { t: 5, u: 1 })).toBe(4);
    state = applyChange(state, "t3", { isRead: false, isDismissed: false });
    expect(unreadCountOf(state, { t: 5, u: 1 })).toBe(5);
  });

  it("marks everything up to the heads read, keeps dismissals, and counts what arrives later", () => {
    let state = applyChange(emptyReadState(), "t9", { isRead: true });
    state = applyChange(state, "t2", { isDismissed: true });
    state = applyMarkAllRead(state, { t: 8, u: 1 });
    // t9 was read individually above the new mark, so it stays read.
    expect(unreadCountOf(state, { t: 9, u: 1 })).toBe(0);
    expect(unreadCountOf(state, { t: 12, u: 3 })).toBe(5);
    expect(isDismissedIn(state, "t2")).toBe(true);

    // Marking one item below the mark unread brings it back, once.
    state = applyChange(state, "t4", { isRead: false });
    state = applyChange(state, "t4", { isRead: false });
    expect(isReadIn(state, "t4")).toBe(false);
    expect(unreadCountOf(state, { t: 9, u: 1 })).toBe(1);
    state = applyMarkAllRead(state, { t: 9, u: 1 });
    expect(unreadCountOf(state, { t: 9, u: 1 })).toBe(0);
  });

  it("ignores positions beyond the heads it is given (another reader's newer view)", () => {
    const state = applyChange(emptyReadState(), "t20", { isRead: true });
    expect(unreadCountOf(state, { t: 10, u: 0 })).toBe(10);
  });
});
