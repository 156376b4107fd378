import type { ReactNode } from "react";
import { SettingsNav } from "@/components/shell/settings-nav";

export default function SettingsLayout({ children }: { children: ReactNode }) {
  return (
    <div className="gap-8 md:grid md:grid-cols-[13rem_minmax(0,1fr)]">
      <aside className="mb-6 md:mb-0">
        <p className="mb-2 hidden px-3 text-xs font-semibold uppercase tracking-wide text-slate-500 md:block">Settings</p>
        <SettingsNav />
      </aside>
      <div className="min-w-0">{children}</div>
    </div>
  );
}
