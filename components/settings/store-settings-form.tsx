"use client";

import { useState } from "react";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { saveGeneralSettings } from "@/lib/general-settings/client/api";
import { type GeneralSettings, generalSettingsSchema } from "@/lib/general-settings/schemas";

const selectClass =
  "block w-full rounded-md border-0 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ring-1 ring-inset ring-slate-300 focus:ring-2 focus:ring-inset focus:ring-indigo-600 disabled:bg-slate-50 disabled:text-slate-500";

/** Settings → General → Store: the time zone "today" is counted in, and the currency of orders that state none. */
export function StoreSettingsForm({
  tenantId,
  initial,
  canEdit,
  zones,
  currencies,
}: {
  tenantId: string;
  initial: GeneralSettings;
  canEdit: boolean;
  /** What the server accepts, from its own Intl (the browser's lists may differ). */
  zones: string[];
  currencies: string[];
}) {
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  const dirty = draft.timeZone !== saved.timeZone || draft.currency !== saved.currency;

  const save = async () => {
    const parsed = generalSettingsSchema.safeParse(draft);
    if (!parsed.success) return;
    setSaving(true);
    try {
      const { settings } = await saveGeneralSettings(tenantId, parsed.data);
      setSaved(settings);
      setDraft(settings);
      toast.success("Store settings saved");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not save the store settings");
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      id="store"
      title="Store"
      description="The dashboard's “today” is counted in the store's time zone; orders posted to your webhook URLs that state no currency are in its currency."
    >
      <div className="grid gap-4 sm:grid-cols-2">
        <div className="space-y-1.5">
          <label htmlFor="store-time-zone" className="block text-sm font-medium text-slate-800">
            Time zone
          </label>
          <select
            id="store-time-zone"
            className={selectClass}
            disabled={!canEdit}
            value={draft.timeZone ?? ""}
            onChange={(event) => setDraft({ ...draft, timeZone: event.target.value || null })}
          >
            <option value="">Each viewer's own</option>
            {zones.map((zone) => (
              <option key={zone} value={zone}>
                {zone.replaceAll("_", " ")}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1.5">
          <label htmlFor="store-currency" className="block text-sm font-medium text-slate-800">
            Currency
          </label>
          <select
            id="store-currency"
            className={selectClass}
            disabled={!canEdit}
            value={draft.currency ?? ""}
            onChange={(event) => setDraft({ ...draft, currency: event.target.value || null })}
          >
            <option value="">Not set (USD)</option>
            {currencies.map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
        </div>
      </div>
      {canEdit ? (
        <div className="mt-4 flex justify-end gap-2">
          <Button variant="secondary" disabled={!dirty || saving} onClick={() => setDraft(saved)}>
            Discard
          </Button>
          <Button disabled={!dirty || saving} onClick={() => void save()}>
            {saving ? "Saving…" : "Save changes"}
          </Button>
        </div>
      ) : (
        <p className="mt-4 text-sm text-slate-600">Only owners and admins of this workspace can change these.</p>
      )}
    </Card>
  );
}
