import { alertGuidance } from "@/lib/alerts/alert-guidance";
import type { AlertView } from "@/lib/alerts/schemas";
import type { Alert } from "@/lib/storage/ports/alerts";

export function toAlertView(alert: Alert): AlertView {
  return {
    ...alert,
    openedAt: alert.openedAt.toISOString(),
    lastSeenAt: alert.lastSeenAt.toISOString(),
    resolvedAt: alert.resolvedAt?.toISOString() ?? null,
    steps: alertGuidance(alert.kind),
  };
}
