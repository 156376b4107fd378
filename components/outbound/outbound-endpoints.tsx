"use client";

import { Plus, RefreshCw, Send } from "lucide-react";
import { useCallback, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { EndpointForm } from "@/components/outbound/endpoint-form";
import { EndpointRow } from "@/components/outbound/endpoint-row";
import { SecretOnce } from "@/components/outbound/secret-once";
import { useOutboundRefresh } from "@/components/outbound/use-outbound-refresh";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { createEndpoint, listEndpoints } from "@/lib/outbound/client/api";
import type { EndpointView } from "@/lib/outbound/schemas";

/**
 * Settings → Outbound endpoints, the list: where this workspace forwards its events (docs/outbound.md).
 * Follows changes live: endpoints added, changed, removed or disabled anywhere, and finished attempts.
 */
export function OutboundEndpoints({ tenantId, canEdit }: { tenantId: string; canEdit: boolean }) {
  const [endpoints, setEndpoints] = useState<EndpointView[] | null>(null);
  const [available, setAvailable] = useState(true);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ value: string; url: string } | null>(null);
  const latest = useRef(0);

  // `quiet`: a live refetch does not spin the Refresh button several times a second.
  const load = useCallback(
    async (quiet = false) => {
      const request = ++latest.current;
      if (!quiet) setLoading(true);
      try {
        const result = await listEndpoints(tenantId);
        // A slower, older answer never overwrites a newer one.
        if (request !== latest.current) return;
        setEndpoints(result.endpoints);
        setAvailable(result.outbound.available);
        setLoadError(null);
      } catch (error) {
        // A failed live refetch keeps the list it has: the next announcement (or Refresh) tries again.
        if (request === latest.current && !quiet)
          setLoadError(error instanceof Error ? error.message : "Could not load endpoints");
      } finally {
        if (!quiet) setLoading(false);
      }
    },
    [tenantId],
  );

  useEffect(() => {
    void load();
  }, [load]);
  useOutboundRefresh(() => void load(true));

  const replace = (next: EndpointView) => setEndpoints((list) => list?.map((e) => (e.id === next.id ? next : e)) ?? [next]);

  return (
    <Card id="outbound" title="Endpoints" description="Open an endpoint to edit it, follow its deliveries and retry them.">
      {available ? null : (
        <p role="alert" className="mb-4 rounded-md bg-amber-50 p-3 text-sm text-amber-800 ring-1 ring-amber-200">
          Outbound delivery is unavailable: its queue (Redis) cannot be reached. Incoming webhooks still work; events are not
          forwarded until it is back.
        </p>
      )}
      {secret ? <SecretOnce value={secret.value} url={secret.url} onDone={() => setSecret(null)} /> : null}
      <div className="flex flex-wrap gap-2">
        {canEdit && !adding ? (
          <Button onClick={() => setAdding(true)}>
            <Plus aria-hidden className="size-4" />
            Add endpoint
          </Button>
        ) : null}
        <Button variant="secondary" onClick={() => void load()} disabled={loading}>
          <RefreshCw aria-hidden className={`size-4 ${loading ? "animate-spin" : ""}`} />
          Refresh
        </Button>
      </div>
      {adding ? (
        <div className="mt-4">
          <EndpointForm
            onCancel={() => setAdding(false)}
            onSubmit={async (draft) => {
              try {
                const created = await createEndpoint(tenantId, draft);
                setEndpoints((list) => [...(list ?? []), created.endpoint]);
                setSecret({ value: created.secret, url: created.endpoint.url });
                setAdding(false);
                toast.success("Endpoint added");
              } catch (error) {
                toast.error(error instanceof Error ? error.message : "Could not add the endpoint");
              }
            }}
          />
        </div>
      ) : null}
      {loadError ? (
        <p role="alert" className="mt-4 text-sm text-red-700">
          {loadError}
        </p>
      ) : endpoints === null ? (
        <div aria-hidden className="mt-4 h-16 animate-pulse rounded-md bg-slate-100" />
      ) : endpoints.length === 0 ? (
        <div className="mt-4 flex items-start gap-3 rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-600">
          <Send aria-hidden className="mt-0.5 size-5 shrink-0 text-slate-400" />
          <p>
            No endpoints yet.{" "}
            {canEdit ? "Add one to receive orders, payments and notifications as they arrive." : "An owner or admin can add one."}
          </p>
        </div>
      ) : (
        <ul aria-label="Outbound endpoints" className="mt-4 divide-y divide-slate-100">
          {endpoints.map((endpoint) => (
            <EndpointRow
              key={endpoint.id}
              tenantId={tenantId}
              endpoint={endpoint}
              canEdit={canEdit}
              onChange={replace}
              onRemoved={(id) => setEndpoints((list) => list?.filter((e) => e.id !== id) ?? [])}
              onSecret={(value, url) => setSecret({ value, url })}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}
