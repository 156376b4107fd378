"use client";

import { Activity, Bell, LayoutDashboard, Plug, Users, Webhook } from "lucide-react";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";

const links = [
  { href: "/dashboard", label: "Dashboard", icon: LayoutDashboard },
  { href: "/notifications", label: "Notifications", icon: Bell },
  { href: "/activity", label: "Activity", icon: Activity },
  { href: "/settings/webhooks", label: "Webhooks", icon: Webhook },
  { href: "/settings/sources", label: "Sources", icon: Plug },
  { href: "/settings/members", label: "Members", icon: Users },
];

export function NavLinks() {
  const pathname = usePathname();
  const navRef = useRef<HTMLElement>(null);
  // On a phone the bar scrolls sideways: the current page's tab is brought into view.
  const activeHref = links.find(({ href }) => pathname === href || pathname.startsWith(`${href}/`))?.href;
  useEffect(() => {
    const nav = navRef.current;
    const link = nav?.querySelector<HTMLElement>(`a[href="${activeHref}"]`);
    if (!nav || !link) return;
    // The bar's own scroll, not scrollIntoView: that would also move where the keyboard's Tab starts.
    const start = link.getBoundingClientRect().left - nav.getBoundingClientRect().left + nav.scrollLeft;
    const end = start + link.offsetWidth;
    if (start < nav.scrollLeft || end > nav.scrollLeft + nav.clientWidth) {
      nav.scrollLeft = Math.max(0, start - (nav.clientWidth - link.offsetWidth) / 2);
    }
  }, [activeHref]);
  return (
    <nav ref={navRef} aria-label="Main" className="-mb-px flex gap-1 overflow-x-auto">
      {links.map(({ href, label, icon: Icon }) => {
        const active = href === activeHref;
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? "page" : undefined}
            className={`flex shrink-0 items-center gap-1.5 border-b-2 px-3 py-2.5 text-sm font-medium transition ${
              active
                ? "border-indigo-600 text-indigo-700"
                : "border-transparent text-slate-600 hover:border-slate-300 hover:text-slate-900"
            }`}
          >
            <Icon aria-hidden className="size-4" />
            {label === "Webhooks" ? (
              <span>
                <span className="hidden sm:inline">Settings → </span>Webhooks
              </span>
            ) : (
              label
            )}
          </Link>
        );
      })}
    </nav>
  );
}
