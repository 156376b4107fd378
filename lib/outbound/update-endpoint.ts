import { type ActivityEntry, logActivity } from "@/lib/activity/log-activity";
import { clearAlert } from "@/lib/alerts/clear-alert";
import { notFound } from "@/lib/errors";
import { announceOutboundChange } from "@/lib/outbound/announce-outbound-change";
import { checkEndpointAddress } from "@/lib/outbound/check-endpoint-address";
import { forgetDeliveryConfig } from "@/lib/outbound/delivery-config";
import { forgetEndpoints } from "@/lib/outbound/endpoint-cache";
import { readStats, resetConsecutiveFailures } from "@/lib/outbound/endpoint-stats";
import { findEndpoint } from "@/lib/outbound/find-endpoint";
import type { EndpointView, UpdateEndpointInput } from "@/lib/outbound/schemas";
import { sealEndpointHeaders } from "@/lib/outbound/seal-endpoint-headers";
import { toEndpointView } from "@/lib/outbound/to-endpoint-view";
import type { OutboundEndpointChange } from "@/lib/storage/ports/outbound";
import { getStorage } from "@/lib/storage/registry";

/**
 * Changes an endpoint (enable/disable included) and logs the fields that changed, before and after.
 * Custom header values may hold credentials, so the log names the headers only. Re-enabling
 * resets the consecutive-failure count that may have disabled it.
 */
export async function updateEndpoint(
  tenantId: string,
  endpointId: string,
  update: UpdateEndpointInput,
  actor: ActivityEntry["actor"],
): Promise<EndpointView> {
  const stored = await findEndpoint(tenantId, endpointId);
  const before = toEndpointView(stored, null);
  const set: OutboundEndpointChange = {};
  const was: Record<string, unknown> = {};
  const now: Record<string, unknown> = {};
  const change = (key: string, from: unknown, to: unknown, logged: [unknown, unknown] = [from, to]) => {
    if (JSON.stringify(from) === JSON.stringify(to)) return false;
    was[key] = logged[0];
    now[key] = logged[1];
    return true;
  };
  if (update.url !== undefined && change("url", before.url, update.url)) {
    await checkEndpointAddress(update.url);
    set.url = update.url;
  }
  if (update.description !== undefined && change("description", before.description, update.description))
    set.description = update.description;
  if (update.eventTypes !== undefined && change("eventTypes", before.eventTypes, update.eventTypes))
    set.eventTypes = update.eventTypes;
  if (
    update.headers !== undefined &&
    change("headers", before.headers, update.headers, [Object.keys(before.headers), Object.keys(update.headers)])
  )
    set.headersSealed = sealEndpointHeaders(endpointId, update.headers);
  if (update.batch !== undefined && change("batch", before.batch, update.batch)) {
    set.batch = update.batch;
  }
  if (update.enabled !== undefined && change("enabled", before.enabled, update.enabled)) {
    set.enabled = update.enabled;
    set.disabledReason = update.enabled ? null : "manual";
    set.disabledAt = update.enabled ? null : new Date();
  }
  let current = stored;
  if (Object.keys(set).length > 0) {
    // An endpoint saved before headers were sealed has them sealed on its first change.
    if (!stored.headersSealed) set.headersSealed ??= sealEndpointHeaders(endpointId, before.headers);
    const changed = await getStorage().outbound.updateEndpoint(tenantId, stored.id, set);
    if (!changed) throw notFound("Endpoint not found");
    current = changed;
    forgetEndpoints(tenantId);
    forgetDeliveryConfig(tenantId, stored.id);
    if (update.enabled === true) await resetConsecutiveFailures(stored.id);
    announceOutboundChange(tenantId, stored.id, "outbound.endpoint.updated");
    const verb = set.enabled === true ? "enabled" : set.enabled === false ? "disabled" : "updated";
    await logActivity(tenantId, {
      kind: `outbound.endpoint.${verb}`,
      actor,
      summary: `Outbound endpoint ${verb}: ${before.url}${verb === "updated" ? ` (${Object.keys(now).join(", ")})` : ""}`,
      refs: { endpointId },
      before: was,
      after: now,
    });
    // Turned back on, or off by hand: neither alert about it stands any longer.
    if (set.enabled !== undefined) {
      const why = set.enabled ? "the endpoint was enabled again" : "the endpoint was disabled by hand";
      await clearAlert(tenantId, { kind: "endpoint-disabled", subject: stored.id }, actor, why);
      await clearAlert(tenantId, { kind: "endpoint-failing", subject: stored.id }, actor, why);
    }
  }
  const stats = await readStats([stored.id]);
  return toEndpointView(current, stats?.get(stored.id) ?? null);
}
