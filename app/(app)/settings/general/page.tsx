import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/page-header";
import { StoreSettingsForm } from "@/components/settings/store-settings-form";
import { settingsPages } from "@/components/shell/settings-pages";
import { Card } from "@/components/ui/card";
import { CopyButton } from "@/components/ui/copy-button";
import { getPageContext } from "@/lib/auth/get-page-context";
import { hasPermission } from "@/lib/auth/permissions";
import { getGeneralSettings } from "@/lib/general-settings/get-general-settings";

export const metadata: Metadata = { title: "General settings" };

const roleText = {
  owner: "Owner: everything, including members, roles and API keys",
  admin: "Admin: settings, endpoints, members and API keys",
  member: "Member: sees everything, changes only their own inbox",
} as const;

// What each of the other settings pages is for, so a new admin knows where to go next.
const pageText: Record<string, string> = {
  "/settings/inbound": "The URLs your platforms post to, the signing secret, and a test delivery.",
  "/settings/sources": "Shopify, Stripe, WooCommerce and others posting in their own formats.",
  "/settings/outbound": "Forward this workspace's events to your own systems.",
  "/settings/deliveries": "Every request received: accepted and rejected, with headers and body.",
  "/settings/members": "Who can see this workspace, and invitations.",
  "/settings/api-keys": "Keys that let your own systems call this workspace's API.",
  "/settings/notifications": "Which notifications pop up for you, which stay, and sound.",
};

export default async function GeneralSettingsPage() {
  const { user, current } = await getPageContext();
  if (!current) return null; // the layout explains that the user has no workspace
  const store = await getGeneralSettings(current.tenantId);
  const canEdit = hasPermission({ role: current.role, caller: { kind: "user" } }, "admin");
  return (
    <>
      <PageHeader title="General" description="This workspace, and your place in it." />
      <div className="space-y-6">
        <Card id="workspace" title="Workspace">
          <dl className="grid gap-x-6 gap-y-3 text-sm sm:grid-cols-[10rem_minmax(0,1fr)]">
            <dt className="font-medium text-slate-700">Name</dt>
            <dd className="text-slate-900">{current.name}</dd>
            <dt className="font-medium text-slate-700">Workspace ID</dt>
            <dd className="flex min-w-0 items-center gap-2">
              <code className="break-all rounded bg-slate-100 px-2 py-1 text-xs text-slate-800">{current.tenantId}</code>
              <CopyButton value={current.tenantId} label="Copy the workspace ID" />
            </dd>
            <dt className="font-medium text-slate-700">Signed in as</dt>
            <dd className="break-all text-slate-900">{user.email}</dd>
            <dt className="font-medium text-slate-700">Your role</dt>
            <dd className="text-slate-900">{roleText[current.role]}</dd>
          </dl>
        </Card>
        <StoreSettingsForm
          tenantId={current.tenantId}
          initial={store}
          canEdit={canEdit}
          zones={[...new Set(["UTC", ...Intl.supportedValuesOf("timeZone"), ...(store.timeZone ? [store.timeZone] : [])])]}
          currencies={Intl.supportedValuesOf("currency")}
        />
        <Card id="where" title="Settings">
          <ul className="divide-y divide-slate-100">
            {settingsPages
              .filter(({ href }) => pageText[href])
              .map(({ href, label, icon: Icon }) => (
                <li key={href} className="flex items-start gap-3 py-3">
                  <Icon aria-hidden className="mt-0.5 size-4 shrink-0 text-slate-500" />
                  <div>
                    <Link href={href} className="text-sm font-medium text-indigo-700 hover:underline">
                      {label}
                    </Link>
                    <p className="text-sm text-slate-600">{pageText[href]}</p>
                  </div>
                </li>
              ))}
          </ul>
        </Card>
      </div>
    </>
  );
}
