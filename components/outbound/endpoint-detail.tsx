"use client";

import { ArrowLeft } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";
import { type EndpointDraft, EndpointForm } from "@/components/outbound/endpoint-form";
import { EndpointRow } from "@/components/outbound/endpoint-row";
import { SecretOnce } from "@/components/outbound/secret-once";
import { useOutboundRefresh } from "@/components/outbound/use-outbound-refresh";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { getEndpoint, updateEndpoint } from "@/lib/outbound/client/api";
import type { EndpointView, UpdateEndpointInput } from "@/lib/outbound/schemas";

/**
 * Settings → Outbound endpoints → one endpoint: its state, actions and deliveries, and a form to
 * edit every field. Follows changes made elsewhere (another admin, the API, its own failures).
 */
export function EndpointDetail({ tenantId, initial, canEdit }: { tenantId: string; initial: EndpointView; canEdit: boolean }) {
  const router = useRouter();
  const [endpoint, setEndpoint] = useState(initial);
  // The endpoint as it was when the form opened: what the form's changes are measured against.
  const [editing, setEditing] = useState<EndpointView | null>(null);
  const [secret, setSecret] = useState<string | null>(null);
  // The form keeps its draft: a live change does not reset what is being typed.
  const [formKey, setFormKey] = useState(0);

  useOutboundRefresh(() => {
    getEndpoint(tenantId, endpoint.id).then(
      (result) => setEndpoint(result.endpoint),
      () => undefined, // removed elsewhere, or a blip: the next announcement tries again
    );
  }, endpoint.id);

  return (
    <div className="space-y-6">
      <Link href="/settings/outbound" className="inline-flex items-center gap-1 text-sm text-indigo-700 hover:underline">
        <ArrowLeft aria-hidden className="size-4" />
        All endpoints
      </Link>
      {secret ? <SecretOnce value={secret} url={endpoint.url} onDone={() => setSecret(null)} /> : null}
      <Card id="endpoint" title="Endpoint">
        <EndpointRow
          layout="page"
          tenantId={tenantId}
          endpoint={endpoint}
          canEdit={canEdit}
          onChange={setEndpoint}
          onRemoved={() => router.push("/settings/outbound")}
          onSecret={(value) => setSecret(value)}
        />
      </Card>
      {canEdit ? (
        <Card id="edit" title="Edit endpoint" description="Every field; the change applies to the next delivery.">
          {editing ? (
            <EndpointForm
              key={formKey}
              initial={editing}
              onCancel={() => {
                setEditing(null);
                setFormKey((key) => key + 1);
              }}
              onSubmit={async (draft) => {
                try {
                  // Only what this form changed: a change made elsewhere meanwhile (another admin,
                  // the API) to another field is kept, not overwritten with the form's older copy.
                  const fields = changedFields(editing, draft);
                  if (Object.keys(fields).length > 0) setEndpoint((await updateEndpoint(tenantId, endpoint.id, fields)).endpoint);
                  setEditing(null);
                  setFormKey((key) => key + 1);
                  router.refresh(); // the page's title and address line
                  toast.success("Endpoint saved");
                } catch (error) {
                  toast.error(error instanceof Error ? error.message : "Could not save the endpoint");
                }
              }}
            />
          ) : (
            <Button variant="secondary" onClick={() => setEditing(endpoint)}>
              Edit URL, events, headers and batching
            </Button>
          )}
        </Card>
      ) : null}
    </div>
  );
}

const editable = ["url", "description", "eventTypes", "headers", "batch"] as const;

/** The editable fields whose value the form changed from `before`. */
function changedFields(before: EndpointView, draft: EndpointDraft): UpdateEndpointInput {
  const changed: Record<string, unknown> = {};
  for (const field of editable) {
    if (JSON.stringify(draft[field]) !== JSON.stringify(before[field])) changed[field] = draft[field];
  }
  return changed as UpdateEndpointInput;
}
