"use client";

import { Building2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { toast } from "sonner";

type Tenant = { tenantId: string; name: string; role: string };

export function TenantSwitcher({ tenants, currentId }: { tenants: Tenant[]; currentId: string }) {
  const router = useRouter();
  const [pending, setPending] = useState(false);

  async function switchTo(tenantId: string) {
    setPending(true);
    const response = await fetch("/api/tenants/active", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ tenantId }),
    });
    setPending(false);
    if (!response.ok) {
      toast.error("Could not switch workspace");
      return;
    }
    router.refresh();
  }

  return (
    <div className="flex min-w-0 items-center gap-2">
      <Building2 aria-hidden className="size-4 shrink-0 text-slate-500" />
      <label htmlFor="tenant-switcher" className="sr-only">
        Workspace
      </label>
      <select
        id="tenant-switcher"
        aria-label="Switch workspace"
        disabled={pending || tenants.length < 2}
        value={currentId}
        onChange={(event) => void switchTo(event.target.value)}
        className="max-w-40 truncate sm:max-w-56 rounded-md border-0 bg-transparent py-1 pr-8 pl-1 text-sm font-semibold text-slate-900 ring-1 ring-transparent hover:ring-slate-300 focus:ring-2 focus:ring-indigo-600 disabled:opacity-100"
      >
        {tenants.map((t) => (
          <option key={t.tenantId} value={t.tenantId}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}
