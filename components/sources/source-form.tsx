"use client";

import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { Field } from "@/components/ui/field";
import { createSourceSchema, SOURCE_TYPES, type SourceType } from "@/lib/sources/schemas";
import { sourceTypeInfo } from "@/lib/sources/source-types";

export type SourceDraft = ReturnType<typeof createSourceSchema.parse>;

const selectClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600";

/** The add-source form: checked with the API's own schema (options by type) before it is sent. */
export function SourceForm({ onSubmit, onCancel }: { onSubmit: (draft: SourceDraft) => Promise<void>; onCancel: () => void }) {
  const [type, setType] = useState<SourceType>("shopify");
  const [name, setName] = useState("");
  const [secret, setSecret] = useState("");
  const [silentAfter, setSilentAfter] = useState("");
  const [options, setOptions] = useState<Record<string, string>>({});
  const [advanced, setAdvanced] = useState('{\n  "header": "x-signature"\n}');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);
  const option = (key: string) => options[key] ?? "";
  const setOption = (key: string, value: string) => setOptions((o) => ({ ...o, [key]: value }));

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    let typed: Record<string, unknown> = Object.fromEntries(Object.entries(options).filter(([, v]) => v.trim() !== ""));
    if (type === "generic-hmac") {
      try {
        typed = JSON.parse(advanced) as Record<string, unknown>;
      } catch {
        setErrors({ options: "must be a JSON object" });
        return;
      }
    }
    const parsed = createSourceSchema.safeParse({
      type,
      name,
      secret: secret.trim() || undefined,
      options: typed,
      silentAfterHours: silentAfter.trim() === "" ? null : Number(silentAfter),
    });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) {
        const key = issue.path[0] === "options" && issue.path[1] ? `options.${String(issue.path[1])}` : String(issue.path[0]);
        next[key] ??= issue.message;
        if (key.startsWith("options")) next.options ??= `${key.slice("options.".length) || "options"}: ${issue.message}`;
      }
      setErrors(next);
      return;
    }
    setErrors({});
    setSaving(true);
    try {
      await onSubmit(parsed.data);
    } finally {
      setSaving(false);
    }
  };

  return (
    <form
      onSubmit={submit}
      aria-label="Add source"
      className="space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4"
      noValidate
    >
      <div className="space-y-1.5">
        <label htmlFor="source-type" className="block text-sm font-medium text-slate-800">
          Platform
        </label>
        <select
          id="source-type"
          className={selectClass}
          value={type}
          onChange={(e) => {
            setType(e.target.value as SourceType);
            setOptions({});
            setErrors({});
          }}
        >
          {SOURCE_TYPES.map((t) => (
            <option key={t} value={t}>
              {sourceTypeInfo[t].label}
            </option>
          ))}
        </select>
        <p className="text-xs text-slate-600">Becomes: {sourceTypeInfo[type].maps}.</p>
      </div>
      <Field
        id="source-name"
        label="Name"
        placeholder={`${sourceTypeInfo[type].label} store`}
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={errors.name}
      />
      <div>
        <Field
          id="source-secret"
          label="Secret (optional)"
          autoComplete="off"
          placeholder="Leave empty to generate one"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
          error={errors.secret}
        />
        <p className="mt-1 text-xs text-slate-600">{sourceTypeInfo[type].secretHint}</p>
      </div>
      {type === "square" ? (
        <Field
          id="source-notification-url"
          label="Notification URL registered in Square"
          type="url"
          placeholder="https://…/api/webhooks/…/sources/…"
          value={option("notificationUrl")}
          onChange={(e) => setOption("notificationUrl", e.target.value)}
          error={errors["options.notificationUrl"]}
        />
      ) : null}
      {type === "shopify" ? (
        <div className="space-y-1.5">
          <label htmlFor="source-order-number" className="block text-sm font-medium text-slate-800">
            Order number from
          </label>
          <select
            id="source-order-number"
            className={selectClass}
            value={option("orderNumberFrom") || "name"}
            onChange={(e) => setOption("orderNumberFrom", e.target.value)}
          >
            <option value="name">name (#1001, as the merchant sees it)</option>
            <option value="order_number">order_number (1001)</option>
            <option value="id">id (Shopify's order id; lets refunds/create find its order)</option>
          </select>
        </div>
      ) : null}
      {type === "stripe" || type === "paddle" ? (
        <Field
          id="source-order-key"
          label={`Order number key in ${type === "stripe" ? "metadata" : "custom_data"}`}
          placeholder="order_number"
          value={option("orderNumberKey")}
          onChange={(e) => setOption("orderNumberKey", e.target.value)}
          error={errors["options.orderNumberKey"]}
        />
      ) : null}
      {type === "generic-hmac" ? (
        <div className="space-y-1.5">
          <label htmlFor="source-options" className="block text-sm font-medium text-slate-800">
            Options (JSON)
          </label>
          <textarea
            id="source-options"
            rows={6}
            className={`${selectClass} font-mono`}
            value={advanced}
            onChange={(e) => setAdvanced(e.target.value)}
            aria-describedby="source-options-help"
          />
          <p id="source-options-help" className="text-xs text-slate-600">
            header, algorithm (sha1|sha256|sha512), encoding (hex|base64), prefix, template (e.g. {"{timestamp}.{body}"}),
            timestampHeader, toleranceS, idHeader, url.
          </p>
        </div>
      ) : null}
      <div>
        <Field
          id="source-silent-after"
          label="Alert when silent for (hours, optional)"
          inputMode="numeric"
          placeholder="e.g. 24"
          value={silentAfter}
          onChange={(e) => setSilentAfter(e.target.value)}
          error={errors.silentAfterHours}
        />
        <p className="mt-1 text-xs text-slate-600">
          Opens an alert for the admins when no delivery has arrived for this long: a webhook removed or pointed elsewhere on the
          platform. Leave empty for a store whose orders are rare.
        </p>
      </div>
      {errors.options && type !== "square" ? (
        <p role="alert" className="text-sm text-red-600">
          {errors.options}
        </p>
      ) : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={saving}>
          {saving ? "Adding…" : "Add source"}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
