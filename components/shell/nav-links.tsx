"use client";

import { Activity, BarChart3, Bell, BellRing, LayoutDashboard, Settings, ShoppingBag } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef } from "react";
import { useCurrentInView } from "@/components/shell/use-current-in-view";

const links = [
  { href: "/dashboard", section: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/orders", section: "/orders", label: "Orders", icon: ShoppingBag },
  { href: "/insights", section: "/insights", label: "Insights", icon: BarChart3 },
  { href: "/notifications", section: "/notifications", label: "Notifications", icon: Bell },
  { href: "/alerts", section: "/alerts", label: "Alerts", icon: BellRing },
  { href: "/activity", section: "/activity", label: "Activity", icon: Activity },
  // Every settings page is under it (components/shell/settings-nav.tsx lists them).
  { href: "/settings/general", section: "/settings", label: "Settings", icon: Settings },
];

export function NavLinks() {
  const pathname = usePathname();
  const navRef = useRef<HTMLElement>(null);
  // On a phone the bar scrolls sideways: the current page's tab is brought into view.
  const activeHref = links.find(({ section }) => pathname === section || pathname.startsWith(`${section}/`))?.href;
  useCurrentInView(navRef, activeHref);
  return (
    <nav ref={navRef} aria-label="Main" className="-mb-px flex gap-1 overflow-x-auto">
      {links.map(({ href, section, label, icon: Icon }) => {
        const active = href === activeHref;
        return (
          <Link
            key={href}
            href={href}
            // The page itself, or (Settings) the section the page is in: only one link per page says "page".
            aria-current={active ? (pathname === href && href === section ? "page" : "true") : undefined}
            className={`flex shrink-0 items-center gap-1.5 border-b-2 px-3 py-2.5 text-sm font-medium transition ${
              active
                ? "border-indigo-600 text-indigo-700"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
            }`}
          >
            <Icon aria-hidden className="size-4" />
            {label}
          </Link>
        );
      })}
    </nav>
  );
}
