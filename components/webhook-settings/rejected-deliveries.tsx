"use client";

import { RefreshCw, ShieldQuestion } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { useLiveRefresh } from "@/components/dashboard/use-live-refresh";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { DeliveryPayload } from "@/components/webhook-settings/delivery-payload";
import { ReplayButton } from "@/components/webhook-settings/replay-button";
import type { RejectedDeliveryView } from "@/lib/deliveries/list-rejected-deliveries";
import type { Reverification } from "@/lib/deliveries/reverify-rejected-delivery";
import type { DashboardRefreshPayload } from "@/lib/realtime/events";
import { refreshTopicOf } from "@/lib/realtime/refresh-topic-of";
import { listRejected, replayRejected, reverifyRejected } from "@/lib/webhook-settings/client/api";

const isRejection = (payload: DashboardRefreshPayload) => refreshTopicOf(payload) === "rejections";

/** Refused deliveries with what was received, and a re-check that says what to fix. */
export function RejectedDeliveries({ tenantId }: { tenantId: string }) {
  const [deliveries, setDeliveries] = useState<RejectedDeliveryView[] | null>(null);
  const [loading, setLoading] = useState(false);
  const [checks, setChecks] = useState<Record<string, Reverification>>({});

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setDeliveries((await listRejected(tenantId)).deliveries);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not load rejected deliveries");
    } finally {
      setLoading(false);
    }
  }, [tenantId]);

  useEffect(() => {
    void load();
  }, [load]);
  // Refused requests are announced as they are recorded (at most twice a second): the list follows.
  useLiveRefresh(() => void load(), isRejection, 300);

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
      description="The newest 50 requests this workspace refused, as received. Once the cause is fixed (the secret pasted again, the endpoint enabled), replay one: it goes through the same checks and makes its order once."
    >
      <Button variant="secondary" onClick={load} disabled={loading}>
        <RefreshCw aria-hidden className={`size-4 ${loading ? "animate-spin" : ""}`} />
        Refresh
      </Button>
      {deliveries === null ? (
        <div aria-hidden className="mt-4 h-16 animate-pulse rounded-md bg-slate-100" />
      ) : deliveries.length === 0 ? (
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
    </Card>
  );
}
