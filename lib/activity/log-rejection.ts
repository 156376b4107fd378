import { logActivity } from "@/lib/activity/log-activity";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

type Window = { reason: string; kind: string | null; status: number; message: string; suppressed: number; since: Date };

// Per tenant and reason, in this process. Bounded: a flood spread over many tenants cannot grow it
// without limit (past the cap, further keys are not logged until windows close).
const MAX_WINDOWS = 10_000;
const windows = new Map<string, Window>();

/**
 * A refused webhook in the tenant's activity log, without turning a rejection flood into a write
 * flood: the first refusal of a reason is logged at once; the others in the same window (60 s by
 * default) become one "N more" entry at its end; a steady flood writes one entry per reason per window.
 */
export function logRejection(
  tenantId: string,
  rejection: { reason: string; kind: string | null; status: number; message: string },
): void {
  const key = `${tenantId}:${rejection.reason}`;
  const open = windows.get(key);
  if (open) {
    open.suppressed += 1;
    return;
  }
  if (windows.size >= MAX_WINDOWS) return;
  windows.set(key, { ...rejection, suppressed: 0, since: new Date() });
  write(tenantId, {
    summary: `${endpointLabel(rejection.kind)} refused: ${rejection.message} (${rejection.reason}, HTTP ${rejection.status})`,
    count: 1,
    rejection,
  });
  closeLater(tenantId, key);
}

function closeLater(tenantId: string, key: string): void {
  const timer = setTimeout(() => {
    const window = windows.get(key);
    if (!window) return;
    if (window.suppressed === 0) {
      windows.delete(key);
      return;
    }
    const count = window.suppressed;
    write(tenantId, {
      summary: `${count} more ${count === 1 ? "webhook" : "webhooks"} refused for ${window.reason} since ${window.since.toISOString()}`,
      count,
      rejection: window,
    });
    // Still flooding: keep counting into a fresh window instead of logging the next one at once.
    window.suppressed = 0;
    window.since = new Date();
    closeLater(tenantId, key);
  }, getEnv().ACTIVITY_REJECTION_WINDOW_MS);
  timer.unref();
}

function endpointLabel(kind: string | null): string {
  return kind ? `Webhook (${kind})` : "Webhook";
}

function write(
  tenantId: string,
  input: { summary: string; count: number; rejection: { reason: string; kind: string | null; status: number } },
): void {
  logActivity(tenantId, {
    kind: "webhook.rejected",
    actor: { type: "platform", label: "webhook" },
    summary: input.summary,
    refs: {
      reason: input.rejection.reason,
      status: input.rejection.status,
      endpoint: input.rejection.kind,
      count: input.count,
    },
  }).catch((error: unknown) => getLogger().warn({ err: error, tenantId }, "could not log a rejected webhook"));
}
