"use client";

import { ShieldQuestion } from "lucide-react";
import { useCallback, useState } from "react";
import { toast } from "sonner";
import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { FilterSelect } from "@/components/ui/list-states";
import type { SourceOption } from "@/components/webhook-settings/accepted-deliveries";
import { DeliveryPayload } from "@/components/webhook-settings/delivery-payload";
import { LogFilters, type LogFilterValues } from "@/components/webhook-settings/log-filters";
import { OlderPages } from "@/components/webhook-settings/older-pages";
import { ReplayButton } from "@/components/webhook-settings/replay-button";
import { useLogPages } from "@/components/webhook-settings/use-log-pages";
import type { Reverification } from "@/lib/deliveries/reverify-rejected-delivery";
import type { DashboardRefreshPayload } from "@/lib/realtime/events";
import { refreshTopicOf } from "@/lib/realtime/refresh-topic-of";
import { listRejected, replayRejected, reverifyRejected } from "@/lib/webhook-settings/client/api";
import { webhookKinds } from "@/lib/webhooks/schemas";

const isRejection = (payload: DashboardRefreshPayload) => refreshTopicOf(payload) === "rejections";

// The causes a refusal names (its reason code), most frequent first.
const reasonOptions: Array<[string, string]> = [
  ["signature_mismatch", "signature does not match"],
  ["missing_signature", "signature missing"],
  ["malformed_signature", "signature malformed"],
  ["stale_timestamp", "timestamp too old"],
  ["validation_failed", "body failed validation"],
  ["invalid_json", "body is not JSON"],
  ["endpoint_disabled", "endpoint disabled"],
  ["webhooks_disabled", "webhooks disabled"],
  ["source_disabled", "source disabled"],
  ["rate_limited", "rate limited"],
  ["payload_too_large", "body too large"],
  ["tenant_mismatch", "another workspace's id"],
];
// A refusal at a source's URL names the source (`source:<id>`).
const routeOptions = (sources: SourceOption[]): Array<[string, string]> => [
  ...webhookKinds.map((kind) => [kind, kind] as [string, string]),
  ...sources.map((source) => [`source:${source.id}`, `${source.name} (source)`] as [string, string]),
];

type Filters = LogFilterValues & { reason?: string; kind?: string };

/** Refused deliveries with what was received, and a re-check that says what to fix: filtered, searched, paged back, live. */
export function RejectedDeliveries({ tenantId, sources }: { tenantId: string; sources: SourceOption[] }) {
  const [filters, setFilters] = useState<Filters>({});
  const [checks, setChecks] = useState<Record<string, Reverification>>({});
  const fetchPage = useCallback(
    (cursor: string | null) => listRejected(tenantId, { ...filters, cursor: cursor ?? undefined }),
    [tenantId, filters],
  );
  const log = useLogPages(fetchPage);
  const deliveries = log.rows;
  const active = Object.values(filters).some(Boolean);
  // Refused requests are announced as they are recorded (at most twice a second): the list follows.
  useLiveRefresh(() => void log.refresh(), isRejection, 300);

  const reverify = async (id: string) => {
    try {
      const { result } = await reverifyRejected(tenantId, id);
      setChecks((current) => ({ ...current, [id]: result }));
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not re-verify");
    }
  };

  return (
    <Card
      id="rejected"
      title="Rejected deliveries"
      description="Every request this workspace refused, newest first, as received. Once the cause is fixed (the secret pasted again, the endpoint enabled), replay one: it goes through the same checks and makes its order once."
    >
      <LogFilters
        idPrefix="rejected"
        label="Refusal filters"
        values={filters}
        onChange={(values) => setFilters((current) => ({ ...current, ...values }))}
        onClear={() => setFilters({})}
        searchHint="webhook-id, Idempotency-Key, a record id"
        active={active}
        log={log}
      >
        <FilterSelect
          id="rejected-reason"
          label="Reason"
          value={filters.reason ?? ""}
          options={reasonOptions}
          allLabel="Any reason"
          onChange={(reason) => setFilters((current) => ({ ...current, reason: reason || undefined }))}
        />
        <FilterSelect
          id="rejected-kind"
          label="Route"
          value={filters.kind ?? ""}
          options={routeOptions(sources)}
          allLabel="Any route"
          onChange={(kind) => setFilters((current) => ({ ...current, kind: kind || undefined }))}
        />
      </LogFilters>
      {deliveries === null ? (
        log.error ? null : (
          <div aria-hidden className="mt-4 h-16 animate-pulse rounded-md bg-slate-100" />
        )
      ) : deliveries.length === 0 && active && !log.nextCursor ? (
        <p className="mt-4 text-sm text-slate-600">No refusal matches. Try another id, reason or a wider date range.</p>
      ) : deliveries.length === 0 && !log.nextCursor ? (
        <p className="mt-4 text-sm text-slate-600">
          Nothing refused yet. A request refused for its signature, a disabled endpoint, its size or its body shows up here the
          moment it arrives, with why and what was sent.
        </p>
      ) : (
        <ul aria-label="Rejected deliveries" className="mt-4 divide-y divide-slate-100">
          {deliveries.map((delivery) => (
            <li key={delivery.id} className="py-3">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                <span className="rounded bg-red-50 px-1.5 py-0.5 font-mono text-xs text-red-700 ring-1 ring-red-200">
                  {delivery.status}
                </span>
                <span className="font-medium text-slate-900">{delivery.reason}</span>
                <span className="text-slate-600">{delivery.kind ?? "unknown route"}</span>
                <time dateTime={delivery.receivedAt} className="text-slate-500">
                  {new Date(delivery.receivedAt).toLocaleString()}
                </time>
              </div>
              <p className="mt-1 text-sm text-slate-700">{delivery.message}</p>
              <DeliveryPayload headers={delivery.headers} body={delivery.bodyExcerpt} bodyBytes={delivery.bodyBytes} />
              <div className="mt-2 flex flex-wrap items-start gap-2">
                <Button variant="ghost" className="px-2 py-1" onClick={() => reverify(delivery.id)}>
                  <ShieldQuestion aria-hidden className="size-4" />
                  Re-verify with the current secret
                </Button>
                <ReplayButton label="Replay" replay={() => replayRejected(tenantId, delivery.id)} />
              </div>
              <div>
                {checks[delivery.id] ? (
                  <p role="status" className="mt-1 text-sm text-slate-800">
                    {checks[delivery.id]?.explanation}
                  </p>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      )}
      <OlderPages log={log} empty="No match among the refusals read so far." />
    </Card>
  );
}
