"use client";

import { KeyRound } from "lucide-react";
import { type FormEvent, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { type Confirmation, ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { RemoveButton } from "@/components/ui/remove-button";
import { RevealedValue } from "@/components/ui/revealed-value";
import { useSchemaSubmit } from "@/components/ui/use-schema-submit";
import type { ApiKeyView } from "@/lib/api-keys/list-api-keys";
import { createApiKeySchema } from "@/lib/api-keys/schemas";
import { createApiKey, revokeApiKey } from "@/lib/members/client/api";

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

/** Tenant API keys for machine callers: created with a name, shown once, revoked at once. */
export function ApiKeysPanel({ tenantId, canManage, initial }: { tenantId: string; canManage: boolean; initial: ApiKeyView[] }) {
  const [keys, setKeys] = useState(initial);
  const [name, setName] = useState("");
  const [revealed, setRevealed] = useState<{ name: string; key: string } | null>(null);
  const [confirmation, setConfirmation] = useState<Confirmation | null>(null);
  const { error, busy, submit } = useSchemaSubmit(
    createApiKeySchema,
    async (input) => {
      const { key, ...view } = await createApiKey(tenantId, input.name);
      setKeys((list) => [view, ...list]);
      setRevealed({ name: view.name, key });
      setName("");
    },
    "Could not create the key",
  );
  const create = (event: FormEvent) => {
    event.preventDefault();
    void submit({ name });
  };

  const askRevoke = (key: ApiKeyView) =>
    setConfirmation({
      title: `Revoke the key "${key.name}"?`,
      body: "Every request with it is refused (401) from now on. This cannot be undone.",
      confirmLabel: "Revoke key",
      run: async () => {
        try {
          await revokeApiKey(tenantId, key.id);
          setKeys((list) => list.filter((k) => k.id !== key.id));
          toast.success(`API key "${key.name}" revoked`);
        } catch (failure) {
          toast.error(failure instanceof Error ? failure.message : "Could not revoke the key");
        }
      },
    });

  return (
    <Card
      id="api-keys"
      title="API keys"
      description={
        <>
          For servers and scripts: send <code className="rounded bg-slate-100 px-1">Authorization: Bearer pb_…</code>. A key acts
          as an admin of this workspace.
        </>
      }
    >
      {canManage ? (
        <form onSubmit={create} noValidate className="grid gap-3 sm:grid-cols-[1fr_auto] sm:items-start">
          <Field
            id="api-key-name"
            label="Key name"
            placeholder="Warehouse sync"
            value={name}
            error={error}
            onChange={(event) => setName(event.target.value)}
          />
          <Button type="submit" disabled={busy} className="sm:mt-6">
            <KeyRound aria-hidden className="size-4" />
            {busy ? "Creating…" : "Create key"}
          </Button>
        </form>
      ) : null}

      {revealed ? (
        <RevealedValue
          message={`Key "${revealed.name}" — copy it now, it will not be shown again.`}
          value={revealed.key}
          copyLabel="Copy the new API key"
          testId="new-api-key"
        >
          <Button variant="ghost" className="px-2 py-1 text-xs" onClick={() => setRevealed(null)}>
            I have copied it
          </Button>
        </RevealedValue>
      ) : null}

      {keys.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">
          No API keys yet.{" "}
          {canManage
            ? "Create one for each system that calls this workspace's API (your ERP, a script): it is shown once, and can be revoked on its own."
            : "An owner or admin can create one for each system that calls this workspace's API."}
        </p>
      ) : (
        <ul aria-label="API keys" className="mt-4 divide-y divide-slate-100">
          {keys.map((key) => (
            <li key={key.id} aria-label={key.name} className="flex flex-col gap-2 py-3 sm:flex-row sm:items-center sm:gap-4">
              <div className="min-w-0 flex-1">
                <p className="truncate text-sm font-medium text-slate-900">{key.name}</p>
                <p className="text-xs text-slate-500">
                  <code className="rounded bg-slate-100 px-1 text-slate-700">{key.start ? `${key.start}…` : "pb_…"}</code>
                  {key.createdBy ? ` · created by ${key.createdBy}` : ""}
                </p>
              </div>
              <dl className="grid grid-cols-2 gap-x-4 text-xs text-slate-500 sm:w-80">
                <div>
                  <dt className="inline">Created </dt>
                  <dd className="inline">
                    <time dateTime={key.createdAt}>{when(key.createdAt)}</time>
                  </dd>
                </div>
                <div>
                  <dt className="inline">Last used </dt>
                  <dd className="inline">
                    {key.lastUsedAt ? <time dateTime={key.lastUsedAt}>{when(key.lastUsedAt)}</time> : "never"}
                  </dd>
                </div>
              </dl>
              {canManage ? (
                <RemoveButton label={`Revoke ${key.name}`} className="self-start sm:self-auto" onClick={() => askRevoke(key)} />
              ) : null}
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog confirmation={confirmation} onClose={() => setConfirmation(null)} />
    </Card>
  );
}
