"use client";

import { Archive, Bell, Check, CheckCheck } from "lucide-react";
import Link from "next/link";
import { type KeyboardEvent, useEffect, useId, useRef, useState } from "react";
import { toast } from "sonner";
import { IconButton, NotificationBody, TypeIcon, unreadLabel } from "@/components/notifications/notification-meta";
import { useCenterSnapshot, useNotificationCenter } from "@/components/notifications/notification-provider";
import type { NotificationItem } from "@/lib/notifications/client/api";

const SHOWN = 8;

export function NotificationBell() {
  const center = useNotificationCenter();
  const { items, unreadCount, loadError } = useCenterSnapshot();
  const [open, setOpen] = useState(false);
  const buttonRef = useRef<HTMLButtonElement>(null);
  const panelRef = useRef<HTMLDivElement>(null);
  const panelId = useId();
  const count = unreadCount ?? 0;
  const shown = items.slice(0, SHOWN);

  const close = (returnFocus: boolean) => {
    setOpen(false);
    if (returnFocus) buttonRef.current?.focus();
  };

  // Opening moves focus into the panel, so a keyboard user lands on the newest item.
  useEffect(() => {
    if (!open) return;
    const first = panelRef.current?.querySelector<HTMLElement>("[data-bell-item]") ?? panelRef.current;
    first?.focus();
    const onPointer = (event: PointerEvent) => {
      const target = event.target as Node;
      if (!panelRef.current?.contains(target) && !buttonRef.current?.contains(target)) setOpen(false);
    };
    document.addEventListener("pointerdown", onPointer);
    return () => document.removeEventListener("pointerdown", onPointer);
  }, [open]);

  const onPanelKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key === "Escape") {
      event.stopPropagation();
      close(true);
      return;
    }
    const rows = [...(panelRef.current?.querySelectorAll<HTMLElement>("[data-bell-item]") ?? [])];
    if (rows.length === 0 || !["ArrowDown", "ArrowUp", "Home", "End"].includes(event.key)) return;
    event.preventDefault();
    const current = rows.findIndex((row) => row.contains(document.activeElement));
    const next =
      event.key === "Home"
        ? 0
        : event.key === "End"
          ? rows.length - 1
          : event.key === "ArrowDown"
            ? (current + 1) % rows.length
            : (current - 1 + rows.length) % rows.length;
    rows[next]?.focus();
  };

  const run = (action: () => Promise<unknown> | undefined, failure: string) => {
    action()?.catch(() => toast.error(failure));
  };

  const label = `Notifications, ${unreadCount === null ? "loading" : `${count} unread`}`;

  return (
    <div className="relative">
      <button
        ref={buttonRef}
        type="button"
        aria-label={label}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((value) => !value)}
        className="relative inline-flex size-9 items-center justify-center rounded-md text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <Bell aria-hidden className="size-5" />
      </button>
      {count > 0 ? (
        <span
          role="img"
          aria-label={`${count} unread notification${count === 1 ? "" : "s"}`}
          data-testid="unread-badge"
          className="pointer-events-none absolute -top-0.5 -right-0.5 min-w-[1.125rem] rounded-full bg-red-600 px-1 text-center text-[11px] leading-[1.125rem] font-semibold text-white ring-2 ring-white"
        >
          {unreadLabel(count)}
        </span>
      ) : null}
      {open ? (
        <div
          ref={panelRef}
          id={panelId}
          role="dialog"
          aria-label="Notifications"
          // While it is open, toasts stand aside (app/globals.css): they would cover it, on a phone entirely.
          data-bell-panel=""
          tabIndex={-1}
          onKeyDown={onPanelKey}
          onBlur={(event) => {
            const next = event.relatedTarget as Node | null;
            if (next && !panelRef.current?.contains(next) && !buttonRef.current?.contains(next)) setOpen(false);
          }}
          className="fixed inset-x-2 top-14 z-50 overflow-hidden rounded-xl bg-white shadow-lg ring-1 ring-slate-900/10 focus:outline-none sm:absolute sm:inset-x-auto sm:top-full sm:right-0 sm:mt-2 sm:w-96"
        >
          <div className="flex items-center justify-between border-b border-slate-100 px-4 py-3">
            <h2 className="text-sm font-semibold text-slate-900">Notifications</h2>
            {/* aria-disabled, not disabled: a disabled button drops the keyboard's focus to the page, out of the panel. */}
            <button
              type="button"
              aria-disabled={count === 0}
              onClick={() => {
                if (count > 0) run(() => center?.markAllRead(), "Could not mark all as read");
              }}
              className="inline-flex items-center gap-1 rounded-md px-2 py-1 text-xs font-medium text-indigo-600 hover:bg-indigo-50 aria-disabled:cursor-default aria-disabled:text-slate-500 aria-disabled:hover:bg-transparent focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              <CheckCheck aria-hidden className="size-3.5" />
              Mark all read
            </button>
          </div>
          {shown.length === 0 ? (
            <p className="px-4 py-10 text-center text-sm text-slate-500">
              {loadError ? "Could not load notifications." : unreadCount === null ? "Loading…" : "You're all caught up."}
            </p>
          ) : (
            <ul aria-label="Latest notifications" className="max-h-[60vh] divide-y divide-slate-100 overflow-y-auto sm:max-h-96">
              {shown.map((item, index) => (
                <BellItem
                  key={item.id}
                  item={item}
                  first={index === 0}
                  onRead={() => run(() => center?.markRead(item.id), "Could not mark as read")}
                  onDismiss={() => run(() => center?.dismiss(item.id), "Could not dismiss")}
                />
              ))}
            </ul>
          )}
          <div className="border-t border-slate-100 bg-slate-50 px-4 py-2.5 text-center">
            <Link
              href="/notifications"
              onClick={() => setOpen(false)}
              className="text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
            >
              View all notifications
            </Link>
          </div>
        </div>
      ) : null}
    </div>
  );
}

function BellItem({
  item,
  first,
  onRead,
  onDismiss,
}: {
  item: NotificationItem;
  first: boolean;
  onRead: () => void;
  onDismiss: () => void;
}) {
  const titleId = useId();
  const rowRef = useRef<HTMLLIElement>(null);
  // The button under the keyboard goes away with the change: keep focus in the list, not on <body>.
  const read = () => {
    rowRef.current?.focus();
    onRead();
  };
  const dismiss = () => {
    const row = rowRef.current;
    const neighbour = (row?.nextElementSibling ?? row?.previousElementSibling) as HTMLElement | null;
    (neighbour ?? row?.closest<HTMLElement>("[role=dialog]"))?.focus();
    onDismiss();
  };
  return (
    <li
      ref={rowRef}
      data-bell-item
      tabIndex={first ? 0 : -1}
      aria-labelledby={titleId}
      className={`flex gap-3 px-4 py-3 focus:outline-none focus-visible:bg-indigo-50 focus-visible:ring-2 focus-visible:ring-inset focus-visible:ring-indigo-600 ${item.isRead ? "" : "bg-indigo-50/40"}`}
    >
      <TypeIcon type={item.type} />
      <NotificationBody item={item} titleId={titleId} compact />
      <div className="flex shrink-0 flex-col gap-1">
        {item.isRead ? null : <IconButton icon={Check} onClick={read} aria-label={`Mark "${item.title}" as read`} />}
        <IconButton icon={Archive} onClick={dismiss} aria-label={`Archive "${item.title}"`} />
      </div>
    </li>
  );
}
