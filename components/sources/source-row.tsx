"use client";

import { ChevronDown, KeyRound, RefreshCw, Send, Trash2 } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { Switch } from "@/components/ui/switch";
import { useBusyAction } from "@/components/ui/use-busy-action";
import type { AcceptedDeliveryView } from "@/lib/deliveries/list-accepted-deliveries";
import {
  listSourceDeliveries,
  remapSourceDelivery,
  removeSource,
  rotateSourceSecret,
  sendSourceSample,
  updateSource,
} from "@/lib/sources/client/api";
import type { SourceView } from "@/lib/sources/schemas";
import { sourceTypeInfo } from "@/lib/sources/source-types";

/** What a stored delivery produced, from the answer it was given. */
function outcome(delivery: AcceptedDeliveryView): string {
  if (delivery.kind === "other") return delivery.source?.note ?? "stored";
  const what = delivery.kind === "orders" ? "order" : delivery.kind === "payments" ? "payment" : "notification";
  return delivery.status === 201
    ? `${what} created`
    : delivery.status === 202
      ? `${what} parked for its order`
      : `${what} updated or repeated`;
}

export function SourceRow({
  tenantId,
  source,
  canEdit,
  onChange,
  onRemoved,
  onSecret,
}: {
  tenantId: string;
  source: SourceView;
  canEdit: boolean;
  onChange: (source: SourceView) => void;
  onRemoved: (id: string) => void;
  onSecret: (secret: string, name: string) => void;
}) {
  const { busy, run } = useBusyAction();
  const [open, setOpen] = useState(false);
  const [pasting, setPasting] = useState(false);
  const [pasted, setPasted] = useState("");
  const [deliveries, setDeliveries] = useState<AcceptedDeliveryView[] | null>(null);

  const loadDeliveries = () =>
    run(async () => setDeliveries((await listSourceDeliveries(tenantId, source.id)).deliveries), "Could not load deliveries");

  return (
    <li className="py-4" aria-label={`${source.name} (${sourceTypeInfo[source.type].label})`}>
      <div className="flex flex-col gap-2 sm:flex-row sm:items-start sm:justify-between">
        <div className="min-w-0">
          <p className="font-medium text-slate-900">
            {source.name} <span className="text-sm font-normal text-slate-600">· {sourceTypeInfo[source.type].label}</span>
          </p>
          <div className="mt-1 flex items-center gap-2">
            <code className="min-w-0 truncate rounded bg-slate-100 px-2 py-1 text-xs text-slate-800" title={source.url}>
              {source.url}
            </code>
            <CopyButton value={source.url} label={`Copy the URL of ${source.name}`} />
          </div>
          <p className="mt-1 text-xs text-slate-600">
            Secret {source.secret.rotatedAt ? `replaced ${new Date(source.secret.rotatedAt).toLocaleString()}` : "set when added"}
            {source.secret.previousValidUntil
              ? `; the previous one verifies until ${new Date(source.secret.previousValidUntil).toLocaleString()}`
              : ""}
            {source.silentAfterHours ? ` · alerts after ${source.silentAfterHours} h without a delivery` : ""}
          </p>
        </div>
        <div className="w-full sm:w-44">
          <Switch
            label={source.enabled ? "Enabled" : "Disabled"}
            accessibleName={`Enabled: ${source.name}`}
            checked={source.enabled}
            disabled={!canEdit || busy}
            onChange={(enabled) =>
              run(async () => {
                onChange((await updateSource(tenantId, source.id, { enabled })).source);
                toast.success(enabled ? "Source enabled" : "Source disabled: its URL answers 403");
              }, "Could not change the source")
            }
          />
        </div>
      </div>
      <div className="mt-2 flex flex-wrap gap-2">
        {canEdit ? (
          <>
            <Button
              variant="secondary"
              disabled={busy}
              onClick={() =>
                run(async () => {
                  const sent = await sendSourceSample(tenantId, source.id);
                  const produced = (sent.response.produced as Array<{ kind: string }> | undefined)?.map((p) => p.kind) ?? [];
                  if (sent.status < 300)
                    toast.success(
                      `Sample ${sent.topic}: HTTP ${sent.status}${produced.length ? `, ${produced.join(", ")} stored` : ""}`,
                    );
                  else toast.error(`Sample ${sent.topic}: HTTP ${sent.status} — ${String(sent.response.error ?? "refused")}`);
                  if (open) await loadDeliveries();
                }, "Could not send the sample")
              }
            >
              <Send aria-hidden className="size-4" />
              Send sample
            </Button>
            <Button variant="ghost" disabled={busy} aria-expanded={pasting} onClick={() => setPasting((p) => !p)}>
              <KeyRound aria-hidden className="size-4" />
              Replace secret
            </Button>
            <Button
              variant="ghost"
              disabled={busy}
              onClick={() => {
                if (!window.confirm(`Remove ${source.name}? Its URL stops accepting deliveries; its stored deliveries stay.`))
                  return;
                void run(async () => {
                  await removeSource(tenantId, source.id);
                  onRemoved(source.id);
                  toast.success("Source removed");
                }, "Could not remove the source");
              }}
            >
              <Trash2 aria-hidden className="size-4" />
              Remove
            </Button>
          </>
        ) : null}
        <Button
          variant="ghost"
          aria-expanded={open}
          onClick={() => {
            const next = !open;
            setOpen(next);
            if (next) void loadDeliveries();
          }}
        >
          <ChevronDown aria-hidden className={`size-4 transition ${open ? "rotate-180" : ""}`} />
          Recent deliveries
        </Button>
      </div>
      {pasting ? (
        <form
          className="mt-3 space-y-2 rounded-lg border border-slate-200 bg-slate-50 p-3"
          aria-label={`Replace the secret of ${source.name}`}
          onSubmit={(event) => {
            event.preventDefault();
            void run(async () => {
              const rotated = await rotateSourceSecret(tenantId, source.id, pasted.trim() || undefined);
              if (!pasted.trim()) onSecret(rotated.secret, source.name);
              else toast.success("Secret replaced; the previous one keeps verifying during the grace period");
              setPasted("");
              setPasting(false);
            }, "Could not replace the secret");
          }}
        >
          <Field
            id={`paste-${source.id}`}
            label="The platform's new secret (empty: generate one)"
            autoComplete="off"
            value={pasted}
            onChange={(e) => setPasted(e.target.value)}
          />
          <Button type="submit" disabled={busy}>
            {pasted.trim() ? "Save secret" : "Generate a secret"}
          </Button>
        </form>
      ) : null}
      {open ? (
        <div className="mt-3 rounded-lg border border-slate-200 p-3">
          <Button variant="ghost" className="px-2 py-1" onClick={() => void loadDeliveries()} disabled={busy}>
            <RefreshCw aria-hidden className={`size-4 ${busy ? "animate-spin" : ""}`} />
            Refresh
          </Button>
          {deliveries === null ? (
            <div aria-hidden className="mt-2 h-10 animate-pulse rounded bg-slate-100" />
          ) : deliveries.length === 0 ? (
            <p className="mt-2 text-sm text-slate-600">No deliveries yet. Send a sample, or trigger one from the platform.</p>
          ) : (
            <ul aria-label={`Deliveries to ${source.name}`} className="mt-2 divide-y divide-slate-100 text-sm">
              {deliveries.map((d) => (
                <li key={d.id} className="py-2">
                  <details>
                    <summary className="cursor-pointer">
                      <span className="font-mono text-xs">{d.source?.topic ?? d.kind}</span> ·{" "}
                      <span className={d.status < 300 ? "text-emerald-800" : "text-amber-800"}>HTTP {d.status}</span> ·{" "}
                      {outcome(d)} · <time dateTime={d.receivedAt}>{new Date(d.receivedAt).toLocaleString()}</time>
                    </summary>
                    {canEdit && d.source?.topic !== "ping" ? (
                      <div>
                        <Button
                          variant="secondary"
                          className="mt-1 px-2 py-1 text-xs"
                          disabled={busy}
                          onClick={() =>
                            run(async () => {
                              const again = await remapSourceDelivery(tenantId, source.id, d.id);
                              const kinds = again.produced.map((p) => p.kind).join(", ");
                              toast.success(
                                kinds
                                  ? `Mapped again: ${kinds}${again.duplicate ? " (already recorded)" : ""}`
                                  : `Still nothing to map${again.note ? `: ${again.note}` : ""}`,
                              );
                              await loadDeliveries();
                            }, "Could not map the delivery again")
                          }
                        >
                          Map again with the current options
                        </Button>
                      </div>
                    ) : null}
                    <dl className="mt-2 space-y-1 text-xs text-slate-700">
                      <div>
                        <dt className="inline font-medium">Verified: </dt>
                        <dd className="inline">{d.scheme.replace("source:", "")} signature</dd>
                      </div>
                      <div>
                        <dt className="inline font-medium">Platform id: </dt>
                        <dd className="inline break-all font-mono">{d.deliveryId.slice(source.id.length + 1)}</dd>
                      </div>
                      <div>
                        <dt className="font-medium">Headers</dt>
                        <dd>
                          <CodeBlock className="mt-1 overflow-x-auto rounded bg-slate-50 p-2">
                            {JSON.stringify(d.headers, null, 2)}
                          </CodeBlock>
                        </dd>
                      </div>
                      <div>
                        <dt className="font-medium">Body ({d.bodyBytes} bytes)</dt>
                        <dd>
                          <CodeBlock className="mt-1 max-h-48 overflow-auto rounded bg-slate-50 p-2">{d.bodyExcerpt}</CodeBlock>
                        </dd>
                      </div>
                    </dl>
                  </details>
                </li>
              ))}
            </ul>
          )}
        </div>
      ) : null}
    </li>
  );
}
