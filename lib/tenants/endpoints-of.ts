import type { WebhookKind } from "@/lib/webhooks/schemas";
import type { TenantFields } from "@/models/tenant";

/** Which inbound endpoints a tenant accepts; a tenant stored before a toggle existed accepts it. */
export function endpointsOf(tenant: Pick<TenantFields, "webhookEndpoints">): Record<WebhookKind, boolean> {
  return {
    orders: tenant.webhookEndpoints?.orders ?? true,
    payments: tenant.webhookEndpoints?.payments ?? true,
    notifications: tenant.webhookEndpoints?.notifications ?? true,
  };
}
