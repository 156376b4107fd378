import { describe, expect, it } from "vitest";
import {
  applyChange,
  applyMarkAllRead,
  emptyReadState,
  isDismissedIn,
  isReadIn,
  nextWakeOf,
  snoozedUntilIn,
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

  it("keeps a snoozed notification out of the count until it wakes, then unread again", () => {
    const now = 1_000_000;
    const heads = { t: 3, u: 0 };
    let state = applyChange(emptyReadState(), "t2", { isRead: true }, now);
    // Snoozing a read notification: it will come back as news.
    state = applyChange(state, "t2", { snoozedUntil: now + 60_000 }, now);
    expect(snoozedUntilIn(state, "t2", now)).toBe(now + 60_000);
    expect(isReadIn(state, "t2")).toBe(false);
    expect(unreadCountOf(state, heads, [], now)).toBe(2);
    // Another change to it keeps the snooze; one to another notification too.
    state = applyChange(state, "t1", { isRead: true }, now + 1);
    expect(snoozedUntilIn(state, "t2", now + 1)).toBe(now + 60_000);
    expect(unreadCountOf(state, heads, [], now + 1)).toBe(1);
    // Woken by time: back in the count, unread.
    expect(snoozedUntilIn(state, "t2", now + 60_000)).toBeNull();
    expect(unreadCountOf(state, heads, [], now + 60_000)).toBe(2);
    // Woken by hand (null) before its time, and a snooze in the past does nothing.
    state = applyChange(state, "t2", { snoozedUntil: null }, now + 2);
    expect(snoozedUntilIn(state, "t2", now + 2)).toBeNull();
    expect(state.snoozed).toEqual([]);
    state = applyChange(state, "t3", { snoozedUntil: now }, now + 3);
    expect(state.snoozed).toEqual([]);
    // A run-out snooze is dropped at the next change, so the state does not grow.
    state = applyChange(state, "t3", { snoozedUntil: now + 10 }, now + 3);
    state = applyChange(state, "t1", { isRead: false }, now + 20);
    expect(state.snoozed).toEqual([]);
  });

  it("keeps a snoozed notification unread through mark-all-read, and archiving it ends the snooze", () => {
    const now = 5_000_000;
    let state = applyChange(emptyReadState(), "t1", { snoozedUntil: now + 1_000 }, now);
    state = applyChange(state, "t2", { snoozedUntil: now + 5_000 }, now);
    expect(nextWakeOf(state, now)).toBe(now + 1_000);
    state = applyMarkAllRead(state, { t: 3, u: 0 }, now);
    // Out of sight, so not "seen": both come back unread when they wake; t3 was read.
    expect(unreadCountOf(state, { t: 3, u: 0 }, [], now)).toBe(0);
    expect(unreadCountOf(state, { t: 3, u: 0 }, [], now + 1_000)).toBe(1);
    expect(isReadIn(state, "t1")).toBe(false);
    expect(isReadIn(state, "t3")).toBe(true);
    // Archived while asleep: it lives in the archive, no longer snoozed.
    state = applyChange(state, "t2", { isDismissed: true }, now + 10);
    expect(snoozedUntilIn(state, "t2", now + 10)).toBeNull();
    expect(isDismissedIn(state, "t2")).toBe(true);
    expect(nextWakeOf(state, now + 10)).toBe(now + 1_000);
    expect(nextWakeOf(state, now + 1_000)).toBeNull();
  });
});
