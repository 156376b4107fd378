export const ALERT_KINDS = ["endpoint-disabled", "endpoint-failing", "rejections-spike", "source-silent"] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type AlertActor = { type: "user"; id: string; label: string } | { type: "system"; label: string };

export type Alert = {
  id: string;
  kind: AlertKind;
  /** What it is about: an endpoint's or a source's id, or "webhooks" for the tenant's own webhooks. */
  subject: string;
  state: "open" | "resolved";
  title: string;
  detail: string;
  /** The page to fix it on. */
  link: string | null;
  /** When it was last opened, and last seen still true while open. */
  openedAt: Date;
  lastSeenAt: Date;
  resolvedAt: Date | null;
  resolvedBy: AlertActor | null;
  /** How many times it has been opened. */
  occurrences: number;
};

export type RaisedAlert = Pick<Alert, "kind" | "subject" | "title" | "detail" | "link">;

/**
 * A tenant's alerts: at most one per (kind, subject), opened again when it recurs after being
 * resolved. Opening and resolving are compare-and-set on the alert's state, so of several processes
 * seeing the same failure exactly one opens it (and notifies), whichever database.
 */
export interface AlertsPort {
  /** Opens the alert unless it is open already (then only `lastSeenAt` moves); whether this call opened it. */
  raise(tenantId: string, alert: RaisedAlert, at: Date): Promise<{ opened: boolean; alert: Alert }>;
  /** Resolves an open alert by id; null when there is none open under that id for the tenant. */
  resolve(tenantId: string, alertId: string, by: AlertActor, at: Date): Promise<Alert | null>;
  /** Resolves the open (kind, subject) alert, if any (the condition cleared by itself). */
  resolveOpen(tenantId: string, kind: AlertKind, subject: string, by: AlertActor, at: Date): Promise<Alert | null>;
  /** Every alert of the tenant, open ones first, each group newest first. */
  list(tenantId: string): Promise<Alert[]>;
}
