import { describe, expect, it } from "vitest";
import { isTimeZone, localDayRange, utcDayKeys } from "@/lib/dashboard/day-range";

// "Orders today" must mean the viewer's day, wherever they are; the buckets are UTC days.
describe("localDayRange", () => {
  it("is the UTC day for UTC", () => {
    const { start, end } = localDayRange("UTC", new Date("2026-12-02T15:30:00Z"));
    expect(start.toISOString()).toBe("2026-12-02T00:00:00.000Z");
    expect(end.toISOString()).toBe("2026-12-03T00:00:00.000Z");
  });

  it("follows a zone ahead of UTC past UTC midnight", () => {
    // 23:30 UTC on Dec 2 is already Dec 3 in Tokyo (UTC+9).
    const { start, end } = localDayRange("Asia/Tokyo", new Date("2026-12-02T23:30:00Z"));
    expect(start.toISOString()).toBe("2026-12-02T15:00:00.000Z");
    expect(end.toISOString()).toBe("2026-12-03T15:00:00.000Z");
    expect(utcDayKeys(start, end)).toEqual(["20261202", "20261203"]);
  });

  it("follows a zone behind UTC", () => {
    // 02:00 UTC on Dec 3 is still Dec 2 in New York (UTC-5).
    const { start, end } = localDayRange("America/New_York", new Date("2026-12-03T02:00:00Z"));
    expect(start.toISOString()).toBe("2026-12-02T05:00:00.000Z");
    expect(end.toISOString()).toBe("2026-12-03T05:00:00.000Z");
  });

  it("is 23 hours long on a spring-forward day", () => {
    const { start, end } = localDayRange("Europe/Paris", new Date("2026-03-29T12:00:00Z"));
    expect(start.toISOString()).toBe("2026-03-28T23:00:00.000Z");
    expect(end.toISOString()).toBe("2026-03-29T22:00:00.000Z");
  });
});

describe("day keys", () => {
  it("lists a range's UTC days", () => {
    expect(utcDayKeys(new Date("2026-12-02T00:00:00Z"), new Date("2026-12-03T00:00:00Z"))).toEqual(["20261202"]);
    expect(utcDayKeys(new Date("2026-02-28T20:00:00Z"), new Date("2026-03-01T20:00:00Z"))).toEqual(["20260228", "20260301"]);
  });

  it("accepts IANA zones only", () => {
    expect(isTimeZone("Europe/Paris")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
  });
});
