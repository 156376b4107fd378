"use client";

import { Plus, X } from "lucide-react";
import { type FormEvent, useState } from "react";
import { Button } from "@/components/ui/button";
import { CodeBlock } from "@/components/ui/code-block";
import { Field } from "@/components/ui/field";
import { eventCatalog } from "@/lib/outbound/event-catalog";
import { createEndpointSchema, type EndpointView } from "@/lib/outbound/schemas";

export type EndpointDraft = ReturnType<typeof createEndpointSchema.parse>;

type Header = { name: string; value: string };

/**
 * The endpoint form, to add one or (given `initial`) to edit every field of one: validated with the
 * API's own schema before it is sent. Each event type shows what it means and an example body.
 */
export function EndpointForm({
  initial,
  onSubmit,
  onCancel,
}: {
  initial?: EndpointView;
  onSubmit: (draft: EndpointDraft) => Promise<void>;
  onCancel: () => void;
}) {
  const editing = initial !== undefined;
  const [url, setUrl] = useState(initial?.url ?? "");
  const [description, setDescription] = useState(initial?.description ?? "");
  const [all, setAll] = useState(initial ? initial.eventTypes.includes("*") : true);
  const [types, setTypes] = useState<string[]>(
    initial && !initial.eventTypes.includes("*") ? initial.eventTypes : ["order.created"],
  );
  const [headers, setHeaders] = useState<Header[]>(
    Object.entries(initial?.headers ?? {}).map(([name, value]) => ({ name, value })),
  );
  const [batching, setBatching] = useState(Boolean(initial?.batch));
  const [maxEvents, setMaxEvents] = useState(String(initial?.batch?.maxEvents ?? 10));
  const [maxWaitMs, setMaxWaitMs] = useState(String(initial?.batch?.maxWaitMs ?? 5000));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [saving, setSaving] = useState(false);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const parsed = createEndpointSchema.safeParse({
      url,
      description,
      eventTypes: all ? ["*"] : types,
      headers: Object.fromEntries(headers.filter((h) => h.name.trim()).map((h) => [h.name.trim(), h.value])),
      batch: batching ? { maxEvents: Number(maxEvents), maxWaitMs: Number(maxWaitMs) } : null,
    });
    if (!parsed.success) {
      const next: Record<string, string> = {};
      for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= issue.message;
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
      aria-label={editing ? "Edit endpoint" : "Add endpoint"}
      className="space-y-4 rounded-lg border border-slate-200 bg-slate-50 p-4"
      noValidate
    >
      <Field
        id="endpoint-url"
        label="Endpoint URL"
        type="url"
        required
        placeholder="https://example.com/webhooks"
        value={url}
        onChange={(e) => setUrl(e.target.value)}
        error={errors.url}
      />
      <Field
        id="endpoint-description"
        label="Description (optional)"
        value={description}
        onChange={(e) => setDescription(e.target.value)}
        error={errors.description}
      />
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Events</legend>
        <label className="mt-2 flex items-center gap-2 text-sm text-slate-700">
          <input
            type="checkbox"
            checked={all}
            onChange={(e) => setAll(e.target.checked)}
            className="size-4 rounded border-slate-300"
          />
          All events (including ones added later)
        </label>
        {all ? null : (
          <ul aria-label="Event types" className="mt-2 space-y-2">
            {eventCatalog.map((entry) => (
              <li key={entry.type} className="rounded-md bg-white p-2 ring-1 ring-slate-200">
                <label className="flex items-start gap-2 text-sm text-slate-700">
                  <input
                    type="checkbox"
                    className="mt-0.5 size-4 rounded border-slate-300"
                    checked={types.includes(entry.type)}
                    onChange={(e) =>
                      setTypes((current) =>
                        e.target.checked ? [...current, entry.type] : current.filter((t) => t !== entry.type),
                      )
                    }
                  />
                  <span>
                    <code className="text-xs font-semibold text-slate-900">{entry.type}</code>
                    <span className="block text-slate-600">{entry.description}</span>
                  </span>
                </label>
                <details className="mt-1 pl-6">
                  <summary className="cursor-pointer text-xs text-indigo-700">Example body of {entry.type}</summary>
                  <CodeBlock className="mt-1 max-h-56 overflow-auto text-xs">{JSON.stringify(entry.example, null, 2)}</CodeBlock>
                </details>
              </li>
            ))}
          </ul>
        )}
        {errors.eventTypes ? <p className="mt-1 text-sm text-red-600">{errors.eventTypes}</p> : null}
      </fieldset>
      <fieldset>
        <legend className="text-sm font-medium text-slate-800">Custom headers</legend>
        <div className="mt-2 space-y-2">
          {headers.map((header, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity beyond their position
            <div key={index} className="flex flex-col gap-2 sm:flex-row">
              <input
                aria-label={`Header ${index + 1} name`}
                placeholder="X-Api-Key"
                value={header.name}
                onChange={(e) => setHeaders((h) => h.map((x, i) => (i === index ? { ...x, name: e.target.value } : x)))}
                className="w-full rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300 sm:w-48"
              />
              <input
                aria-label={`Header ${index + 1} value`}
                placeholder="value"
                value={header.value}
                onChange={(e) => setHeaders((h) => h.map((x, i) => (i === index ? { ...x, value: e.target.value } : x)))}
                className="w-full flex-1 rounded-md border-0 px-3 py-2 text-sm ring-1 ring-inset ring-slate-300"
              />
              <Button
                variant="ghost"
                aria-label={`Remove header ${index + 1}`}
                onClick={() => setHeaders((h) => h.filter((_, i) => i !== index))}
              >
                <X aria-hidden className="size-4" />
              </Button>
            </div>
          ))}
          <Button variant="secondary" onClick={() => setHeaders((h) => [...h, { name: "", value: "" }])}>
            <Plus aria-hidden className="size-4" />
            Add header
          </Button>
          {errors.headers ? <p className="text-sm text-red-600">{errors.headers}</p> : null}
        </div>
      </fieldset>
      <fieldset>
        <label className="flex items-center gap-2 text-sm font-medium text-slate-800">
          <input
            type="checkbox"
            checked={batching}
            onChange={(e) => setBatching(e.target.checked)}
            className="size-4 rounded border-slate-300"
          />
          Batch events (delivered as <code className="text-xs">{"{ events: [...] }"}</code>)
        </label>
        {batching ? (
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            <Field
              id="batch-max"
              label="Max events per delivery"
              type="number"
              min={2}
              max={100}
              value={maxEvents}
              onChange={(e) => setMaxEvents(e.target.value)}
            />
            <Field
              id="batch-wait"
              label="Max wait (ms)"
              type="number"
              min={100}
              max={300000}
              value={maxWaitMs}
              onChange={(e) => setMaxWaitMs(e.target.value)}
            />
          </div>
        ) : null}
        {errors.batch ? <p className="mt-1 text-sm text-red-600">{errors.batch}</p> : null}
      </fieldset>
      <div className="flex flex-wrap gap-2">
        <Button type="submit" disabled={saving}>
          {editing ? (saving ? "Saving…" : "Save changes") : saving ? "Adding…" : "Add endpoint"}
        </Button>
        <Button variant="ghost" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
