import { raiseAlert } from "@/lib/alerts/raise-alert";
import { getEnv } from "@/lib/env";
import { getLogger } from "@/lib/logger";

type Watch = { times: number[]; reasons: Map<string, number>; raisedAt: number };

// Per tenant and subject (a source, or the tenant's own webhooks), in this process. Bounded like
// the rejection log's windows: past the cap, new subjects are not watched until old ones age out.
const MAX_WATCHES = 10_000;
const watches = new Map<string, Watch>();
// A platform that is merely fast is told to slow down: not a fault to alert anyone about.
const NOT_COUNTED = new Set(["rate_limited"]);

/**
 * Counts a refused inbound delivery; ALERT_REJECTIONS of them for one source (or the tenant's own
 * webhooks) within ALERT_REJECTIONS_WINDOW_MS open a "deliveries refused" alert, once per window.
 * In memory and synchronous: the refusal's answer never waits for it. Each process counts what it
 * refused; with several, a flood spread evenly over them needs the threshold on each.
 */
export function watchRejection(tenantId: string, rejection: { kind: string | null; reason: string; message: string }): void {
  if (NOT_COUNTED.has(rejection.reason)) return;
  const env = getEnv();
  const sourceId = rejection.kind?.startsWith("source:") ? rejection.kind.slice("source:".length) : null;
  const key = `${tenantId}:${sourceId ?? "webhooks"}`;
  const now = Date.now();
  const since = now - env.ALERT_REJECTIONS_WINDOW_MS;
  for (const [watched, watch] of watches) {
    if (watches.size < MAX_WATCHES) break;
    if ((watch.times.at(-1) ?? 0) < since) watches.delete(watched);
  }
  let watch = watches.get(key);
  if (!watch) {
    if (watches.size >= MAX_WATCHES) return;
    watch = { times: [], reasons: new Map(), raisedAt: 0 };
    watches.set(key, watch);
  }
  watch.times = watch.times.filter((at) => at >= since);
  if (watch.times.length === 0) watch.reasons.clear();
  watch.times.push(now);
  watch.reasons.set(rejection.reason, (watch.reasons.get(rejection.reason) ?? 0) + 1);
  if (watch.times.length < env.ALERT_REJECTIONS || watch.raisedAt >= since) return;
  watch.raisedAt = now;
  const [topReason, topCount] = [...watch.reasons].sort((a, b) => b[1] - a[1])[0] ?? [rejection.reason, 1];
  const minutes = Math.round(env.ALERT_REJECTIONS_WINDOW_MS / 60_000);
  const where = sourceId ? "a source" : "your webhooks";
  void raiseAlert(
    tenantId,
    {
      kind: "rejections-spike",
      subject: sourceId ?? "webhooks",
      title: sourceId ? "Deliveries to a source refused" : "Webhook deliveries refused",
      detail: `${watch.times.length} deliveries to ${where} were refused in ${minutes === 1 ? "a minute" : `${minutes} minutes`}, ${topCount} of them for ${topReason} (last: ${rejection.message}).`,
      link: sourceId ? "/settings/sources" : "/settings/deliveries",
    },
    "inbound webhooks",
  ).catch((error: unknown) => getLogger().warn({ err: error, tenantId }, "could not raise a rejections alert"));
}
