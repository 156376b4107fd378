"use client";

import Link from "next/link";
import { useCallback, useEffect, useState } from "react";
import { useNotificationCenter } from "@/components/notifications/notification-provider";
import { Card } from "@/components/ui/card";
import { FilterSelect } from "@/components/ui/list-states";
import { DeliveryPayload } from "@/components/webhook-settings/delivery-payload";
import { LogFilters, type LogFilterValues } from "@/components/webhook-settings/log-filters";
import { OlderPages } from "@/components/webhook-settings/older-pages";
import { ReplayButton } from "@/components/webhook-settings/replay-button";
import { useLogPages } from "@/components/webhook-settings/use-log-pages";
import { refreshTopicOf } from "@/lib/realtime/refresh-topic-of";
import { listAccepted, replayAccepted } from "@/lib/webhook-settings/client/api";
import { webhookKinds } from "@/lib/webhooks/schemas";

const schemeLabel: Record<string, string> = {
  standard: "Standard Webhooks",
  hex: "X-Webhook-Signature",
  none: "unsigned",
};
const statusLabel: Record<number, string> = { 200: "duplicate or update", 201: "created", 202: "stored, order pending" };
const kindOptions: Array<[string, string]> = [
  ...webhookKinds.map((k) => [k, k] as [string, string]),
  ["other", "other (a source's unmapped topic)"],
];
const statusOptions: Array<[string, string]> = Object.entries(statusLabel).map(([code, label]) => [code, `${code} ${label}`]);

type Filters = LogFilterValues & { kind?: string; status?: string; sourceId?: string };
export type SourceOption = { id: string; name: string };

/** What this workspace accepted, with what it answered: filtered, searched, paged back, and following new deliveries live. */
export function AcceptedDeliveries({ tenantId, sources }: { tenantId: string; sources: SourceOption[] }) {
  const [filters, setFilters] = useState<Filters>({});
  const center = useNotificationCenter();
  const fetchPage = useCallback(
    (cursor: string | null) => listAccepted(tenantId, { ...filters, cursor: cursor ?? undefined }),
    [tenantId, filters],
  );
  const log = useLogPages(fetchPage);
  const { refresh } = log;
  const active = Object.values(filters).some(Boolean);

  // New orders and payments announce themselves with dashboard-refresh, notifications as a live
  // notification; a burst of them becomes one reload. Outbound changes and refusals are not
  // deliveries accepted.
  useEffect(() => {
    if (!center) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void refresh(), 400);
    };
    const stop = center.onEvent((event) => {
      if (
        event.kind === "dashboard-refresh"
          ? refreshTopicOf(event.payload) === "orders"
          : event.kind === "live" || event.kind === "rejoined"
      )
        soon();
    });
    return () => {
      clearTimeout(timer);
      stop();
    };
  }, [center, refresh]);

  const deliveries = log.rows;
  return (
    <Card
      id="accepted"
      title="Recent deliveries"
      description="Every delivery this workspace accepted, newest first, with what Pulseboard answered. Search by delivery or event id, filter, and page back; new ones appear as they arrive."
    >
      <LogFilters
        idPrefix="accepted"
        label="Delivery filters"
        values={filters}
        onChange={(values) => setFilters((current) => ({ ...current, ...values }))}
        onClear={() => setFilters({})}
        searchHint="msg_…, ORD-1001, pay_…, a record id"
        active={active}
        log={log}
      >
        <FilterSelect
          id="accepted-kind"
          label="Event type"
          value={filters.kind ?? ""}
          options={kindOptions}
          allLabel="All types"
          onChange={(kind) => setFilters((current) => ({ ...current, kind: kind || undefined }))}
        />
        <FilterSelect
          id="accepted-status"
          label="Answer"
          value={filters.status ?? ""}
          options={statusOptions}
          allLabel="Any answer"
          onChange={(status) => setFilters((current) => ({ ...current, status: status || undefined }))}
        />
        {sources.length > 0 ? (
          <FilterSelect
            id="accepted-source"
            label="Source"
            value={filters.sourceId ?? ""}
            options={sources.map((source) => [source.id, source.name])}
            allLabel="Any source"
            onChange={(sourceId) => setFilters((current) => ({ ...current, sourceId: sourceId || undefined }))}
          />
        ) : null}
      </LogFilters>
      {deliveries === null ? (
        log.error ? null : (
          <div aria-hidden className="mt-4 h-16 animate-pulse rounded-md bg-slate-100" />
        )
      ) : deliveries.length === 0 && !log.nextCursor ? (
        active ? (
          <p className="mt-4 text-sm text-slate-600">No delivery matches. Try another id, type or a wider date range.</p>
        ) : (
          <p className="mt-4 text-sm text-slate-600">
            No deliveries yet. Send a test webhook from{" "}
            <Link href="/settings/inbound" className="font-medium text-indigo-700 underline">
              Settings → Inbound
            </Link>
            , or give your platform the URLs listed there.
          </p>
        )
      ) : (
        <ul aria-label="Recent deliveries" className="mt-4 divide-y divide-slate-100">
          {deliveries.map((delivery) => (
            <li key={delivery.id} className="py-3">
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1 text-sm">
                <span
                  title={statusLabel[delivery.status]}
                  className="rounded bg-emerald-50 px-1.5 py-0.5 font-mono text-xs text-emerald-700 ring-1 ring-emerald-200"
                >
                  {delivery.status}
                </span>
                <span className="font-medium text-slate-900">{delivery.kind}</span>
                <span className="min-w-0 break-all font-mono text-xs text-slate-700">{delivery.dedupeKey}</span>
                <time dateTime={delivery.receivedAt} className="text-slate-500">
                  {new Date(delivery.receivedAt).toLocaleString()}
                </time>
              </div>
              <p className="mt-1 text-xs text-slate-600">
                {schemeLabel[delivery.scheme] ?? delivery.scheme} · delivery id{" "}
                <span className="break-all font-mono">{delivery.deliveryId}</span>
              </p>
              <DeliveryPayload headers={delivery.headers} body={delivery.bodyExcerpt} bodyBytes={delivery.bodyBytes} />
              <div className="mt-2">
                <ReplayButton label="Replay" replay={() => replayAccepted(tenantId, delivery.id)} />
              </div>
            </li>
          ))}
        </ul>
      )}
      <OlderPages log={log} empty="No match among the deliveries read so far." />
    </Card>
  );
}
