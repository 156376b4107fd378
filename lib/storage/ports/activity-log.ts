// A tenant's activity log (docs/activity.md): who did what, when, with the values before and after.

export type ActivityActorType = "platform" | "user" | "apiKey" | "system";

export type NewActivityEntry = {
  kind: string;
  actor: { type: ActivityActorType; id: string | null; label: string | null };
  summary: string;
  /** Already redacted by the caller (lib/activity/redact-secrets.ts): stored as given. */
  refs: Record<string, unknown>;
  before: unknown;
  after: unknown;
};

export type ActivityRecord = NewActivityEntry & { id: string; tenantId: string; createdAt: Date };

export type ActivityFilter = {
  /** Kinds or dotted prefixes matching whole segments: `settings` matches `settings.webhooks.updated`. */
  kinds?: string[];
  /** An actor type, or one actor of that type when `id` is set. */
  actor?: { type: ActivityActorType; id: string | null };
  /** Inclusive bounds on `createdAt`. */
  from?: Date;
  to?: Date;
};

export type ActivityPageQuery = ActivityFilter & {
  limit: number;
  /** A `nextCursor` this port returned; opaque to callers. */
  cursor?: string;
};

export type ActivityPage = {
  /** Newest first. */
  entries: ActivityRecord[];
  /**
   * Continue below the last entry returned; null at the end. A page may be shorter than `limit`
   * with a cursor when the adapter stopped examining entries for this request.
   */
  nextCursor: string | null;
};

/** A cursor this port cannot continue from: malformed, or made for filters it does not fit. */
export type InvalidActivityCursor = { invalidCursor: string };

export interface ActivityLogPort {
  /**
   * Appends an entry, stamped with the time it takes its place in the tenant's log (so the log
   * reads in time order); resolves once durable. Rejects for a malformed tenant id or an entry
   * the database refuses, without failing other appends.
   */
  append(tenantId: string, entry: NewActivityEntry): Promise<ActivityRecord>;
  /**
   * The tenant's entries matching the filter, newest first. Following `nextCursor` returns every
   * entry once, however many are appended meanwhile (they sort above the first page). Another
   * tenant's entries are never listed; an unknown or malformed tenant id has an empty log.
   */
  list(tenantId: string, query: ActivityPageQuery): Promise<ActivityPage | InvalidActivityCursor>;
  /** The head of the tenant's log: its newest entry, or null when it has none. */
  findHead(tenantId: string): Promise<ActivityRecord | null>;
}
