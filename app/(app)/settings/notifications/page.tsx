import type { Metadata } from "next";
import { PreferencesForm } from "@/components/notifications/preferences-form";
import { PageHeader } from "@/components/page-header";
import { getPageContext } from "@/lib/auth/get-page-context";
import { getPreferences } from "@/lib/notifications/get-preferences";

export const metadata: Metadata = { title: "Notification preferences" };

export default async function NotificationPreferencesPage() {
  const { user, current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const preferences = await getPreferences(current.tenantId, user.id);
  return (
    <>
      <PageHeader
        title="Notification preferences"
        description={`Your own preferences in ${current.name}; nobody else's change.`}
      />
      <PreferencesForm tenantId={current.tenantId} initial={preferences} />
    </>
  );
}
