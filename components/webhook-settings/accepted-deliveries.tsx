"use client";

import { RefreshCw } from "lucide-react";
import Link from "next/link";
import { useCallback, useEffect, useRef, useState } from "react";
import { useNotificationCenter } from "@/components/notifications/notification-provider";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DeliveryPayload } from "@/components/webhook-settings/delivery-payload";
import { ReplayButton } from "@/components/webhook-settings/replay-button";
import type { AcceptedDeliveryView } from "@/lib/deliveries/list-accepted-deliveries";
import { refreshTopicOf } from "@/lib/realtime/refresh-topic-of";
import { listAccepted, replayAccepted } from "@/lib/webhook-settings/client/api";
import { type WebhookKind, webhookKinds } from "@/lib/webhooks/schemas";

const schemeLabel: Record<string, string> = {
  standard: "Standard Webhooks",
  hex: "X-Webhook-Signature",
  none: "unsigned",
};
const statusLabel: Record<number, string> = { 200: "duplicate or update", 201: "created", 202: "stored, order pending" };

/** What this workspace accepted lately, with what it answered; follows new deliveries live. */
export function AcceptedDeliveries({ tenantId }: { tenantId: string }) {
  const [deliveries, setDeliveries] = useState<AcceptedDeliveryView[] | null>(null);
  const [kind, setKind] = useState<WebhookKind | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const center = useNotificationCenter();
  const latest = useRef(0);

  const load = useCallback(async () => {
    const request = ++latest.current;
    setLoading(true);
    try {
      const { deliveries: next } = await listAccepted(tenantId, kind);
      // A slower, older answer (another filter, an earlier refresh) never overwrites a newer one.
      if (request !== latest.current) return;
      setDeliveries(next);
      setError(null);
    } catch (caught) {
      if (request === latest.current) setError(caught instanceof Error ? caught.message : "Could not load deliveries");
    } finally {
      if (request === latest.current) setLoading(false);
    }
  }, [tenantId, kind]);

  useEffect(() => {
    void load();
  }, [load]);

  // New orders and payments announce themselves with dashboard-refresh, notifications as a live
  // notification; a burst of them becomes one reload. Outbound changes and refusals are not
  // deliveries accepted.
  useEffect(() => {
    if (!center) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const soon = () => {
      clearTimeout(timer);
      timer = setTimeout(() => void load(), 400);
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
  }, [center, load]);

  return (
    <Card
      id="accepted"
      title="Recent deliveries"
      description="The newest 50 deliveries this workspace accepted, with what Pulseboard answered. New ones appear as they arrive."
    >
      <div className="flex flex-wrap items-end gap-3">
        <div className="flex min-w-40 flex-col gap-1">
          <label htmlFor="accepted-kind" className="text-xs font-medium text-slate-600">
            Event type
          </label>
          <select
            id="accepted-kind"
            value={kind ?? ""}
            onChange={(event) => setKind((event.target.value || null) as WebhookKind | null)}
            className="rounded-md border-0 bg-white py-1.5 pr-8 pl-2.5 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
          >
            <option value="">All types</option>
            {webhookKinds.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </div>
        <Button variant="secondary" onClick={load} disabled={loading}>
          <RefreshCw aria-hidden className={`size-4 ${loading ? "animate-spin" : ""}`} />
          Refresh
        </Button>
      </div>
      {error ? (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {error}
        </p>
      ) : null}
      {deliveries === null ? (
        error ? null : (
          <div aria-hidden className="mt-4 h-16 animate-pulse rounded-md bg-slate-100" />
        )
      ) : deliveries.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">
          {kind ? `No ${kind} deliveries yet.` : "No deliveries yet."} Send a test webhook from{" "}
          <Link href="/settings/inbound" className="font-medium text-indigo-700 underline">
            Settings → Inbound
          </Link>
          , or give your platform the URLs listed there.
        </p>
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
    </Card>
  );
}
