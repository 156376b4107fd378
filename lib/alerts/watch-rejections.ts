import { raiseAlert } from "@/lib/alerts/raise-alert";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

// The last ALERT_REJECTIONS refusals of one subject, oldest first: the threshold is met when the
// oldest of them is within the window. Fixed size, whatever the flood.
type Watch = { at: number[]; reasons: string[]; raisedAt: number };

// Per tenant and subject (a source, or the tenant's own webhooks), in this process. Bounded: past
// the cap the oldest subject is dropped (a Map keeps insertion order).
const MAX_WATCHES = 10_000;
const watches = new Map<string, Watch>();
// Not counted: a platform that is merely fast (told to slow down), and requests to a source or
// tenant that does not exist — anyone can send those, and they are no fault of the store's.
const NOT_COUNTED = new Set(["rate_limited", "unknown_source", "unknown_tenant", "invalid_tenant_id"]);

/**
 * Counts a refused inbound delivery; ALERT_REJECTIONS of them for one source (or the tenant's own
 * webhooks) within ALERT_REJECTIONS_WINDOW_MS open a "deliveries refused" alert, at most once per
 * window. In memory and synchronous: the refusal's answer never waits for it. Each process counts
 * what it refused; with several, a flood spread evenly over them needs the threshold on each.
 */
export function watchRejection(tenantId: string, rejection: { kind: string | null; reason: string; message: string }): void {
  if (NOT_COUNTED.has(rejection.reason)) return;
  const env = getEnv();
  const sourceId = rejection.kind?.startsWith("source:") ? rejection.kind.slice("source:".length).toLowerCase() : null;
  const key = `${tenantId}:${sourceId ?? "webhooks"}`;
  const now = Date.now();
  let watch = watches.get(key);
  if (!watch) {
    if (watches.size >= MAX_WATCHES) watches.delete(watches.keys().next().value as string);
    watch = { at: [], reasons: [], raisedAt: 0 };
    watches.set(key, watch);
  }
  watch.at.push(now);
  watch.reasons.push(rejection.reason);
  if (watch.at.length > env.ALERT_REJECTIONS) {
    watch.at.shift();
    watch.reasons.shift();
  }
  const since = now - env.ALERT_REJECTIONS_WINDOW_MS;
  if (watch.at.length < env.ALERT_REJECTIONS || (watch.at[0] ?? 0) < since || watch.raisedAt >= since) return;
  watch.raisedAt = now;
  const counts = new Map<string, number>();
  for (const reason of watch.reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const [topReason, topCount] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? [rejection.reason, 1];
  const minutes = Math.round(env.ALERT_REJECTIONS_WINDOW_MS / 60_000);
  void raiseAlert(
    tenantId,
    {
      kind: "rejections-spike",
      subject: sourceId ?? "webhooks",
      title: sourceId ? "Deliveries to a source refused" : "Webhook deliveries refused",
      detail: `${watch.at.length} deliveries to ${sourceId ? "a source" : "your webhooks"} were refused within ${minutes <= 1 ? "a minute" : `${minutes} minutes`}, ${topCount} of them for ${topReason} (last: ${rejection.message}).`,
      link: sourceId ? "/settings/sources" : "/settings/deliveries",
    },
    "inbound webhooks",
  ).catch((error: unknown) => getLogger().warn({ err: error, tenantId }, "could not raise a rejections alert"));
}
