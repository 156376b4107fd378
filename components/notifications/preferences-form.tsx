"use client";

import { useState } from "react";
import { toast } from "sonner";
import { useNotificationCenter } from "@/components/notifications/notification-provider";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Switch } from "@/components/ui/switch";
import { savePreferences } from "@/lib/notifications/client/api";
import {
  type NotificationPreferences,
  notificationPreferencesSchema,
  notificationPriorities,
  notificationTypes,
} from "@/lib/notifications/schemas";

const typeText = {
  info: ["Info", "Updates such as new orders and test webhooks."],
  success: ["Success", "Things that went well: payments received, deliveries that worked."],
  warning: ["Warning", "Things to look at soon, such as low stock."],
  error: ["Error", "Things that failed: payments, endpoints that were disabled."],
} as const;

const priorityText = { low: "Low", medium: "Medium", high: "High", urgent: "Urgent" } as const;

/** Settings → Notifications: the signed-in member's own choices, in this workspace only. */
export function PreferencesForm({ tenantId, initial }: { tenantId: string; initial: NotificationPreferences }) {
  const center = useNotificationCenter();
  const [saved, setSaved] = useState(initial);
  const [draft, setDraft] = useState(initial);
  const [saving, setSaving] = useState(false);
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved);

  const save = async () => {
    const parsed = notificationPreferencesSchema.safeParse(draft);
    if (!parsed.success) return;
    setSaving(true);
    try {
      const { preferences } = await savePreferences(tenantId, parsed.data);
      setSaved(preferences);
      setDraft(preferences);
      // This tab applies them at once; the others hear it from the server.
      if (center) center.preferences = preferences;
      toast.success("Notification preferences saved");
    } catch (error) {
      toast.error(error instanceof Error ? error.message : "Could not save your preferences");
    } finally {
      setSaving(false);
    }
  };

  return (
    <div className="space-y-6">
      <Card
        id="toasts"
        title="Pop-ups"
        description="Which notifications pop up while you work. Everything still lands in the bell and the inbox."
      >
        <div className="divide-y divide-slate-100">
          {notificationTypes.map((type) => (
            <Switch
              key={type}
              label={typeText[type][0]}
              accessibleName={`Pop up ${typeText[type][0].toLowerCase()} notifications`}
              description={typeText[type][1]}
              checked={draft.toast[type]}
              onChange={(on) => setDraft({ ...draft, toast: { ...draft.toast, [type]: on } })}
            />
          ))}
        </div>
      </Card>
      <Card
        id="sticky"
        title="Stay until closed"
        description="Pop-ups of these priorities wait for you instead of fading after a few seconds."
      >
        <div className="divide-y divide-slate-100">
          {notificationPriorities.map((priority) => (
            <Switch
              key={priority}
              label={priorityText[priority]}
              accessibleName={`Keep ${priority} pop-ups until closed`}
              checked={draft.sticky[priority]}
              onChange={(on) => setDraft({ ...draft, sticky: { ...draft.sticky, [priority]: on } })}
            />
          ))}
        </div>
      </Card>
      <Card id="sound" title="Sound">
        <Switch
          label="Play a chime"
          accessibleName="Play a chime with each pop-up"
          description="A short chime with each pop-up, in the tab that shows it."
          checked={draft.sound}
          onChange={(sound) => setDraft({ ...draft, sound })}
        />
      </Card>
      <div className="flex justify-end gap-2">
        <Button variant="secondary" disabled={!dirty || saving} onClick={() => setDraft(saved)}>
          Discard
        </Button>
        <Button disabled={!dirty || saving} onClick={() => void save()}>
          {saving ? "Saving…" : "Save preferences"}
        </Button>
      </div>
    </div>
  );
}
