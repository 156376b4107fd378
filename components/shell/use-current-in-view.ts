"use client";

import { type RefObject, useEffect } from "react";

/**
 * A navigation bar that scrolls sideways (on a phone) brings the link to `activeHref` into view.
 * The bar's own scroll, not scrollIntoView: that would also move where the keyboard's Tab starts.
 */
export function useCurrentInView(navRef: RefObject<HTMLElement | null>, activeHref: string | undefined) {
  useEffect(() => {
    const nav = navRef.current;
    const link = nav?.querySelector<HTMLElement>(`a[href="${activeHref}"]`);
    if (!nav || !link || nav.scrollWidth <= nav.clientWidth) return;
    const start = link.getBoundingClientRect().left - nav.getBoundingClientRect().left + nav.scrollLeft;
    const end = start + link.offsetWidth;
    if (start < nav.scrollLeft || end > nav.scrollLeft + nav.clientWidth) {
      nav.scrollLeft = Math.max(0, start - (nav.clientWidth - link.offsetWidth) / 2);
    }
  }, [navRef, activeHref]);
}
