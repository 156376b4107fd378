import type { Alert, AlertKind } from "@/lib/storage/ports/alerts";

/** An alert as the API and the Alerts page show it, with what to do about it. */
export type AlertView = Omit<Alert, "openedAt" | "lastSeenAt" | "resolvedAt"> & {
  openedAt: string;
  lastSeenAt: string;
  resolvedAt: string | null;
  steps: string[];
};

export type { AlertKind };
