"use client";

import { CheckCircle2, CircleDashed, Eye, KeyRound, Send, XCircle } from "lucide-react";
import { useRouter } from "next/navigation";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { CodeBlock } from "@/components/ui/code-block";
import { CopyButton } from "@/components/ui/copy-button";
import { Field } from "@/components/ui/field";
import { RevealedValue } from "@/components/ui/revealed-value";
import { Switch } from "@/components/ui/switch";
import { revealSecret, rotateSecret, saveSettings, sendTest } from "@/lib/webhook-settings/client/api";
import { takeFirstSecret } from "@/lib/webhook-settings/client/first-secret";
import type { WebhookSettingsView } from "@/lib/webhook-settings/get-webhook-settings";
import { updateWebhookSettingsSchema, type WebhookSettings } from "@/lib/webhook-settings/schemas";
import type { TestWebhookReport } from "@/lib/webhook-settings/send-test-webhook";

const endpointLabels = { orders: "Orders", payments: "Payments", notifications: "Notifications" } as const;
const stepLabels = {
  signed: "Signed",
  verified: "Verified",
  notified: "In the inbox",
  pushed: "Pushed live",
  stored: "Stored durably",
} as const;

const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "never");

/**
 * The tenant's webhook settings, one settings page's share of them: Settings → Inbound (what is
 * accepted, the URLs, the signing secret, the test button, snippets) or Settings → Outbound
 * endpoints (the retry policy above the endpoints). Read-only for members. Each page saves only
 * its own fields, so two pages open side by side never undo each other's changes.
 */
export function WebhookSettingsPanel({
  tenantId,
  initial,
  canEdit,
  defaultGraceHours,
  section,
}: {
  tenantId: string;
  initial: WebhookSettingsView;
  canEdit: boolean;
  defaultGraceHours: number;
  section: "inbound" | "outbound";
}) {
  const pick = section === "inbound" ? pickInbound : pickOutbound;
  const router = useRouter();
  // "Endpoint disabled" notifications stored before settings became pages link to the old page's
  // outbound section; the server's redirect keeps the fragment, which only the browser sees.
  useEffect(() => {
    if (section === "inbound" && window.location.hash === "#outbound-title") router.replace("/settings/outbound");
  }, [section, router]);
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState<WebhookSettings>(() => ({ ...pickInbound(initial), ...pickOutbound(initial) }));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const dirty = JSON.stringify(pick(draft)) !== JSON.stringify(pick(saved));

  const save = async () => {
    // The route's own schema, so the form refuses exactly what the API would; only this page's fields are sent.
    const parsed = updateWebhookSettingsSchema.safeParse(pick(draft));
    if (!parsed.success) {
      setErrors(Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message])));
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      const { settings } = await saveSettings(tenantId, parsed.data);
      setSaved(settings);
      setDraft({ ...draft, ...pick(settings) });
      toast.success("Webhook settings saved");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not save the settings");
    } finally {
      setSaving(false);
    }
  };

  const saveBar = canEdit ? (
    <div className="mt-4 flex justify-end gap-2">
      <Button
        variant="secondary"
        disabled={!dirty || saving}
        onClick={() => {
          setDraft({ ...draft, ...pick(saved) });
          setErrors({});
        }}
      >
        Discard
      </Button>
      <Button disabled={!dirty || saving} onClick={save}>
        {saving ? "Saving…" : "Save changes"}
      </Button>
    </div>
  ) : null;

  return (
    <div className="space-y-6">
      {canEdit ? null : (
        <p role="note" className="rounded-md bg-amber-50 px-4 py-3 text-sm text-amber-800 ring-1 ring-amber-200">
          You can view these settings; only owners and admins of this workspace can change them.
        </p>
      )}

      {section === "inbound" ? (
        <Card id="inbound" title="Inbound webhooks" description="What this workspace accepts from your platforms.">
          <div className="divide-y divide-slate-100">
            <Switch
              label="Accept webhooks"
              description="Off: every delivery is refused with 403 and shows up under rejected deliveries."
              checked={draft.webhookEnabled}
              disabled={!canEdit}
              onChange={(webhookEnabled) => setDraft({ ...draft, webhookEnabled })}
            />
            {(Object.keys(endpointLabels) as Array<keyof typeof endpointLabels>).map((kind) => (
              <Switch
                key={kind}
                label={`${endpointLabels[kind]} endpoint`}
                checked={draft.webhookEndpoints[kind]}
                disabled={!canEdit || !draft.webhookEnabled}
                onChange={(on) => setDraft({ ...draft, webhookEndpoints: { ...draft.webhookEndpoints, [kind]: on } })}
              />
            ))}
          </div>
          {saveBar}
        </Card>
      ) : (
        <Card
          id="delivery-policy"
          title="Delivery policy"
          description="How each outbound endpoint is called: attempts after the first failure, and how long one attempt may take."
        >
          <div className="grid gap-4 sm:grid-cols-2">
            <NumberField
              id="webhookRetryAttempts"
              label="Retry attempts"
              hint="0–10"
              value={draft.webhookRetryAttempts}
              error={errors.webhookRetryAttempts}
              disabled={!canEdit}
              onChange={(webhookRetryAttempts) => setDraft({ ...draft, webhookRetryAttempts })}
            />
            <NumberField
              id="webhookTimeoutMs"
              label="Timeout (ms)"
              hint="1,000–60,000"
              value={draft.webhookTimeoutMs}
              error={errors.webhookTimeoutMs}
              disabled={!canEdit}
              onChange={(webhookTimeoutMs) => setDraft({ ...draft, webhookTimeoutMs })}
            />
          </div>
          {saveBar}
        </Card>
      )}

      {section === "inbound" ? (
        <>
          <Card id="urls" title="Endpoint URLs" description="Give your platform the URL of each event type.">
            <ul className="space-y-2">
              {(Object.keys(endpointLabels) as Array<keyof typeof endpointLabels>).map((kind) => (
                <li key={kind} className="flex flex-col gap-1 sm:flex-row sm:items-center sm:gap-3">
                  <span className="w-28 shrink-0 text-sm font-medium text-slate-700">{endpointLabels[kind]}</span>
                  <div className="flex min-w-0 flex-1 items-center gap-2">
                    <code className="min-w-0 flex-1 truncate rounded bg-slate-100 px-2 py-1.5 text-xs text-slate-800">
                      {saved.urls[kind]}
                    </code>
                    <CopyButton value={saved.urls[kind]} label={`Copy the ${endpointLabels[kind].toLowerCase()} URL`} />
                  </div>
                </li>
              ))}
            </ul>
          </Card>

          <SecretCard
            tenantId={tenantId}
            canEdit={canEdit}
            settings={saved}
            defaultGraceHours={defaultGraceHours}
            onRotated={(previousValidUntil) =>
              setSaved({ ...saved, secret: { rotatedAt: new Date().toISOString(), previousValidUntil } })
            }
          />

          <TestCard tenantId={tenantId} canEdit={canEdit} />

          <Card id="signing" title="Signing requests" description="Sign the exact bytes you send, with either scheme.">
            <div className="space-y-4 text-sm text-slate-700">
              <div>
                <p className="font-medium text-slate-900">
                  X-Webhook-Signature (hex HMAC-SHA256 of the body, key = the whole secret)
                </p>
                <Snippet
                  label="curl"
                  code={`BODY='{"tenantId":"${tenantId}","title":"Hello","message":"From curl"}'\nSIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$WEBHOOK_SECRET" -hex | sed 's/^.* //')\ncurl -X POST ${saved.urls.notifications} \\\n  -H 'Content-Type: application/json' -H "X-Webhook-Signature: $SIG" -d "$BODY"`}
                />
              </div>
              <div>
                <p className="font-medium text-slate-900">Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature)</p>
                <Snippet
                  label="Node.js"
                  code={`import { Webhook } from "standardwebhooks";\nconst body = JSON.stringify({ tenantId: "${tenantId}", title: "Hello", message: "From Node" });\nconst id = crypto.randomUUID(), at = new Date();\nconst signature = new Webhook(WEBHOOK_SECRET).sign(id, at, body); // the secret from this page\nawait fetch("${saved.urls.notifications}", { method: "POST", body, headers: {\n  "content-type": "application/json", "webhook-id": id,\n  "webhook-timestamp": String(Math.floor(at.getTime() / 1000)), "webhook-signature": signature } });`}
                />
              </div>
              <p>
                More, with Python: <code className="rounded bg-slate-100 px-1">docs/webhooks.md</code>.
              </p>
            </div>
          </Card>
        </>
      ) : null}
    </div>
  );
}

const pickInbound = (view: WebhookSettings) => ({
  webhookEnabled: view.webhookEnabled,
  webhookEndpoints: { ...view.webhookEndpoints },
});
const pickOutbound = (view: WebhookSettings) => ({
  webhookRetryAttempts: view.webhookRetryAttempts,
  webhookTimeoutMs: view.webhookTimeoutMs,
});

function NumberField(props: {
  id: string;
  label: string;
  hint: string;
  value: number;
  error?: string;
  disabled: boolean;
  onChange: (value: number) => void;
}) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={props.id} className="block text-sm font-medium text-slate-800">
        {props.label} <span className="font-normal text-slate-500">({props.hint})</span>
      </label>
      <input
        id={props.id}
        type="number"
        inputMode="numeric"
        value={Number.isNaN(props.value) ? "" : props.value}
        disabled={props.disabled}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? `${props.id}-error` : undefined}
        onChange={(event) => props.onChange(event.target.valueAsNumber)}
        className="block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:bg-slate-50 disabled:text-slate-500 aria-invalid:ring-red-500"
      />
      {props.error ? (
        <p id={`${props.id}-error`} className="text-sm text-red-600">
          {props.error}
        </p>
      ) : null}
    </div>
  );
}

function Snippet({ label, code }: { label: string; code: string }) {
  return (
    <div className="mt-2 rounded-lg bg-slate-900 text-slate-100">
      <div className="flex items-center justify-between border-b border-slate-700 px-3 py-1.5">
        <span className="text-xs text-slate-400">{label}</span>
        <CopyButton value={code} label={`Copy the ${label} example`} tone="dark" />
      </div>
      <CodeBlock className="overflow-x-auto p-3 text-xs leading-relaxed">
        <code>{code}</code>
      </CodeBlock>
    </div>
  );
}

function SecretCard({
  tenantId,
  canEdit,
  settings,
  defaultGraceHours,
  onRotated,
}: {
  tenantId: string;
  canEdit: boolean;
  settings: WebhookSettingsView;
  defaultGraceHours: number;
  onRotated: (previousValidUntil: string | null) => void;
}) {
  const dialog = useRef<HTMLDialogElement>(null);
  const revealDialog = useRef<HTMLDialogElement>(null);
  const [grace, setGrace] = useState("default");
  const [busy, setBusy] = useState(false);
  const [revealed, setRevealed] = useState<string | null>(null);
  const [current, setCurrent] = useState<string | null>(null);
  // A workspace made by sign-up in this tab shows its secret on the first visit here, once.
  const [first, setFirst] = useState<string | null>(null);
  useEffect(() => {
    const taken = takeFirstSecret(tenantId);
    if (taken) setFirst(taken);
  }, [tenantId]);
  const [password, setPassword] = useState("");
  const [revealError, setRevealError] = useState<string | null>(null);

  const reveal = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setRevealError(null);
    try {
      setCurrent((await revealSecret(tenantId, password)).webhookSecret);
      setPassword("");
      revealDialog.current?.close();
    } catch (error) {
      setRevealError(error instanceof Error ? error.message : "Could not reveal the secret");
    } finally {
      setBusy(false);
    }
  };

  const rotate = async () => {
    setBusy(true);
    try {
      const graceHours = grace === "default" ? undefined : Number(grace);
      const result = await rotateSecret(tenantId, graceHours);
      setRevealed(result.webhookSecret);
      onRotated(graceHours === 0 ? null : result.previousSecretValidUntil);
      dialog.current?.close();
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not rotate the secret");
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card
      id="secret"
      title="Signing secret"
      description={
        <>
          Last rotated: {when(settings.secret.rotatedAt)}.{" "}
          {settings.secret.previousValidUntil
            ? `The previous secret keeps working until ${when(settings.secret.previousValidUntil)}.`
            : null}
        </>
      }
    >
      {revealed ? (
        <div role="status" className="space-y-2 rounded-md bg-emerald-50 p-3 ring-1 ring-emerald-200">
          <p className="text-sm font-medium text-emerald-900">New secret — copy it now, it will not be shown again.</p>
          <div className="flex items-center gap-2">
            <code
              data-testid="new-secret"
              className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1.5 text-xs text-slate-900"
            >
              {revealed}
            </code>
            <CopyButton value={revealed} label="Copy the new secret" />
          </div>
        </div>
      ) : null}
      {first && !revealed && !current ? (
        <RevealedValue
          message="Your workspace's signing secret. Copy it now: it is shown this once (you can reveal it again with your password)."
          value={first}
          copyLabel="Copy the signing secret"
          testId="first-secret"
        />
      ) : null}
      {current && !revealed ? (
        <RevealedValue
          tone="indigo"
          message="The current signing secret. Paste it where your platform asks for one; it stays hidden here once you leave."
          value={current}
          copyLabel="Copy the current secret"
          testId="current-secret"
        />
      ) : null}
      <div className="mt-3 flex flex-wrap gap-2">
        <Button
          variant="secondary"
          disabled={!canEdit}
          onClick={() => {
            setRevealError(null);
            revealDialog.current?.showModal();
          }}
        >
          <Eye aria-hidden className="size-4" />
          Reveal secret
        </Button>
        <Button variant="secondary" disabled={!canEdit} onClick={() => dialog.current?.showModal()}>
          <KeyRound aria-hidden className="size-4" />
          Rotate secret
        </Button>
      </div>
      <dialog
        ref={revealDialog}
        aria-labelledby="reveal-title"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <form className="space-y-4 p-5" onSubmit={reveal}>
          <h3 id="reveal-title" className="text-base font-semibold text-slate-900">
            Reveal the signing secret
          </h3>
          <p className="text-sm text-slate-600">Enter your password again. Revealing it is recorded in the activity log.</p>
          <Field
            id="reveal-password"
            label="Your password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            error={revealError ?? undefined}
          />
          <div className="flex justify-end gap-2">
            <Button type="button" variant="secondary" onClick={() => revealDialog.current?.close()}>
              Cancel
            </Button>
            <Button type="submit" disabled={busy}>
              {busy ? "Checking…" : "Reveal"}
            </Button>
          </div>
        </form>
      </dialog>
      <dialog
        ref={dialog}
        aria-labelledby="rotate-title"
        className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40"
      >
        <div className="space-y-4 p-5">
          <h3 id="rotate-title" className="text-base font-semibold text-slate-900">
            Rotate the signing secret?
          </h3>
          <p className="text-sm text-slate-600">
            Your platforms must switch to the new secret. Until then, the current one can keep working for a while.
          </p>
          <div className="space-y-1.5">
            <label htmlFor="grace" className="block text-sm font-medium text-slate-800">
              Keep the current secret working for
            </label>
            <select
              id="grace"
              value={grace}
              onChange={(event) => setGrace(event.target.value)}
              className="block w-full rounded-md border-0 bg-white py-2 pr-8 pl-3 text-sm text-slate-900 ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-indigo-600"
            >
              <option value="default">{formatHours(defaultGraceHours)} (default)</option>
              <option value="1">1 hour</option>
              <option value="0">No time: it stops now</option>
            </select>
          </div>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={() => dialog.current?.close()}>
              Cancel
            </Button>
            <Button variant="danger" disabled={busy} onClick={rotate}>
              {busy ? "Rotating…" : "Rotate secret"}
            </Button>
          </div>
        </div>
      </dialog>
    </Card>
  );
}

const formatHours = (hours: number) =>
  hours >= 1 ? `${Number(hours.toFixed(2))} hour${hours === 1 ? "" : "s"}` : `${Math.round(hours * 3600)} seconds`;

function TestCard({ tenantId, canEdit }: { tenantId: string; canEdit: boolean }) {
  const [report, setReport] = useState<TestWebhookReport | null>(null);
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      setReport(await sendTest(tenantId));
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not send the test webhook");
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card
      id="test"
      title="Send a test webhook"
      description="A signed sample notification goes through the same checks as your platform's deliveries."
    >
      <Button disabled={!canEdit || busy} onClick={run}>
        <Send aria-hidden className="size-4" />
        {busy ? "Sending…" : "Send test webhook"}
      </Button>
      {report ? (
        <div className="mt-4">
          <p className={`text-sm font-medium ${report.success ? "text-emerald-700" : "text-red-700"}`}>
            {report.success ? `Delivered (HTTP ${report.status})` : `Refused (HTTP ${report.status})`}
          </p>
          <ol aria-label="Test webhook steps" className="mt-2 space-y-1.5">
            {report.steps.map((step) => (
              <li key={step.step} className="flex items-start gap-2 text-sm">
                {step.ok ? (
                  <CheckCircle2 aria-hidden className="mt-0.5 size-4 shrink-0 text-emerald-600" />
                ) : step.detail ? (
                  <XCircle aria-hidden className="mt-0.5 size-4 shrink-0 text-red-600" />
                ) : (
                  <CircleDashed aria-hidden className="mt-0.5 size-4 shrink-0 text-slate-400" />
                )}
                <span className="font-medium text-slate-900">{stepLabels[step.step]}</span>
                <span className="text-slate-600">
                  {step.ok ? `${step.atMs?.toFixed(1)} ms` : step.detail ? "failed" : "not reached"}
                  {step.detail ? ` — ${step.detail}` : ""}
                </span>
              </li>
            ))}
          </ol>
        </div>
      ) : null}
    </Card>
  );
}
