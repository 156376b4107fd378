"use client";

import { Plug, Plus, RefreshCw } from "lucide-react";
import { useCallback, useEffect, useState } from "react";
import { toast } from "sonner";
import { SourceForm } from "@/components/sources/source-form";
import { SourceRow } from "@/components/sources/source-row";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { RevealedValue } from "@/components/ui/revealed-value";
import { createSource, listSources } from "@/lib/sources/client/api";
import type { SourceView } from "@/lib/sources/schemas";

/** Settings → Sources: platforms posting in their own formats, each with its own URL and secret (docs/sources.md). */
export function SourcesPanel({ tenantId, canEdit, initial }: { tenantId: string; canEdit: boolean; initial: SourceView[] }) {
  const [sources, setSources] = useState<SourceView[]>(initial);
  const [loading, setLoading] = useState(false);
  const [adding, setAdding] = useState(false);
  const [secret, setSecret] = useState<{ value: string; name: string; url?: string } | null>(null);

  const load = useCallback(async () => {
    setLoading(true);
    try {
      setSources((await listSources(tenantId)).sources);
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not load sources");
    } finally {
      setLoading(false);
    }
  }, [tenantId]);
  useEffect(() => setSources(initial), [initial]);

  const replace = (next: SourceView) => setSources((list) => list.map((s) => (s.id === next.id ? next : s)));

  return (
    <Card
      id="sources"
      title="Sources"
      description="Point Shopify, Stripe, WooCommerce, Paddle and others straight at Pulseboard: each delivery is checked with the platform's own signature and becomes an order or a payment."
    >
      {secret ? (
        <RevealedValue
          message={
            <>
              Secret of {secret.name} — shown once; paste it in the platform's webhook settings
              {secret.url ? " with the URL below" : ""}.
            </>
          }
          value={secret.value}
          copyLabel="Copy the source's secret"
          testId="source-secret"
        >
          {secret.url ? <p className="break-all font-mono text-xs">{secret.url}</p> : null}
          <Button variant="ghost" className="px-2 py-1" onClick={() => setSecret(null)}>
            I have stored it
          </Button>
        </RevealedValue>
      ) : null}
      <div className="mt-4 flex flex-wrap gap-2">
        {canEdit && !adding ? (
          <Button onClick={() => setAdding(true)}>
            <Plus aria-hidden className="size-4" />
            Add source
          </Button>
        ) : null}
        <Button variant="secondary" onClick={() => void load()} disabled={loading}>
          <RefreshCw aria-hidden className={`size-4 ${loading ? "animate-spin" : ""}`} />
          Refresh
        </Button>
      </div>
      {adding ? (
        <div className="mt-4">
          <SourceForm
            onCancel={() => setAdding(false)}
            onSubmit={async (draft) => {
              try {
                const created = await createSource(tenantId, draft);
                setSources((list) => [...list, created.source]);
                setSecret({ value: created.secret, name: created.source.name, url: created.source.url });
                setAdding(false);
                toast.success("Source added");
              } catch (error) {
                toast.error(error instanceof Error ? error.message : "Could not add the source");
              }
            }}
          />
        </div>
      ) : null}
      {sources.length === 0 ? (
        <div className="mt-4 flex items-start gap-3 rounded-lg border border-dashed border-slate-300 p-4 text-sm text-slate-600">
          <Plug aria-hidden className="mt-0.5 size-5 shrink-0 text-slate-400" />
          <p>
            No sources yet.{" "}
            {canEdit
              ? "Add one, then paste its URL and secret in the platform's webhook settings."
              : "An owner or admin can add one."}
          </p>
        </div>
      ) : (
        <ul aria-label="Sources" className="mt-4 divide-y divide-slate-100">
          {sources.map((source) => (
            <SourceRow
              key={source.id}
              tenantId={tenantId}
              source={source}
              canEdit={canEdit}
              onChange={replace}
              onRemoved={(id) => setSources((list) => list.filter((s) => s.id !== id))}
              onSecret={(value, name) => setSecret({ value, name })}
            />
          ))}
        </ul>
      )}
    </Card>
  );
}
