import { Activity } from "lucide-react";
import Link from "next/link";
import type { ReactNode } from "react";
import { ConnectionIndicator } from "@/components/notifications/connection-indicator";
import { NotificationBell } from "@/components/notifications/notification-bell";
import { NotificationProvider } from "@/components/notifications/notification-provider";
import { NavLinks } from "@/components/shell/nav-links";
import { SignOutButton } from "@/components/shell/sign-out-button";
import { TenantSwitcher } from "@/components/shell/tenant-switcher";
import { EmptyState } from "@/components/ui/empty-state";
import { getPageContext } from "@/lib/auth/get-page-context";

// Every page below reads the session: never prerender them.
export const dynamic = "force-dynamic";

export default async function AppLayout({ children }: { children: ReactNode }) {
  const { user, tenants, current } = await getPageContext();
  const page = (
    <div className="min-h-screen">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-3 px-4 pt-3 sm:px-6">
          <div className="flex min-w-0 items-center gap-3">
            <Link href="/dashboard" className="flex shrink-0 items-center gap-1.5 text-indigo-600" aria-label="Pulseboard home">
              <Activity aria-hidden className="size-5" />
              <span className="hidden font-semibold text-slate-900 sm:inline">Pulseboard</span>
            </Link>
            <span aria-hidden className="text-slate-300">
              /
            </span>
            {current ? <TenantSwitcher tenants={tenants} currentId={current.tenantId} /> : null}
          </div>
          <div className="flex items-center gap-1 sm:gap-2">
            {current ? (
              <>
                <ConnectionIndicator />
                <NotificationBell />
              </>
            ) : null}
            <span className="hidden text-sm text-slate-600 md:inline" data-testid="user-email">
              {user.email}
            </span>
            <SignOutButton />
          </div>
        </div>
        <div className="mx-auto max-w-6xl px-2 sm:px-4">
          <NavLinks />
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-8 sm:px-6">
        {current ? (
          children
        ) : (
          <EmptyState icon={Activity} title="No workspace yet">
            Your account is not a member of any workspace. Ask an owner to add you.
          </EmptyState>
        )}
      </main>
    </div>
  );
  // Keyed by tenant: switching workspaces starts a fresh socket and inbox for the new one.
  return current ? (
    <NotificationProvider key={current.tenantId} tenantId={current.tenantId}>
      {page}
    </NotificationProvider>
  ) : (
    page
  );
}
