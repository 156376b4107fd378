import { z } from "zod";

const DAY_MS = 86_400_000;

/**
 * A query parameter naming a moment: an ISO 8601 date-time with its zone, or a UTC date, which
 * stands for the start of that day as `from` and for its last millisecond as `to`.
 */
export const instantParam = (end: "start" | "end") =>
  z
    .string()
    .max(40)
    .refine((value) => /^\d{4}-\d{2}-\d{2}(T[0-9:.]+(Z|[+-]\d{2}:?\d{2}))?$/.test(value) && !Number.isNaN(Date.parse(value)), {
      message: "must be a date (2026-12-01) or an ISO 8601 date-time with a time zone (2026-12-01T09:30:00Z)",
    })
    .transform((value) => {
      const at = new Date(value);
      return value.length === 10 && end === "end" ? new Date(at.getTime() + DAY_MS - 1) : at;
    });
