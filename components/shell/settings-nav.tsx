"use client";

import Link from "next/link";
import { usePathname } from "next/navigation";
import { useRef } from "react";
import { settingsPages } from "@/components/shell/settings-pages";
import { useCurrentInView } from "@/components/shell/use-current-in-view";

/**
 * Settings' own navigation: a column beside the page on a wide screen, a row that scrolls sideways
 * on a phone (with the current page brought into view, as the main bar does).
 */
export function SettingsNav() {
  const pathname = usePathname();
  const navRef = useRef<HTMLElement>(null);
  const activeHref = settingsPages.find(({ href }) => pathname === href || pathname.startsWith(`${href}/`))?.href;
  useCurrentInView(navRef, activeHref);
  return (
    <nav
      ref={navRef}
      aria-label="Settings"
      className="-mx-4 flex gap-1 overflow-x-auto px-4 pb-1 md:mx-0 md:flex-col md:overflow-visible md:px-0"
    >
      {settingsPages.map(({ href, label, icon: Icon }) => {
        const active = href === activeHref;
        return (
          <Link
            key={href}
            href={href}
            aria-current={active ? (pathname === href ? "page" : "true") : undefined}
            className={`flex shrink-0 items-center gap-2 rounded-md px-3 py-2 text-sm font-medium transition ${
              active ? "bg-indigo-50 text-indigo-700" : "text-slate-600 hover:bg-slate-100 hover:text-slate-900"
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
