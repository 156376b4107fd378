import { AlertTriangle, CheckCircle2, Info, type LucideIcon, XCircle } from "lucide-react";
import type { ButtonHTMLAttributes } from "react";
import { safeActionUrl } from "@/lib/notifications/client/action-url";
import type { NotificationItem } from "@/lib/notifications/client/api";
import type { NotificationType } from "@/lib/notifications/schemas";

export const typeLooks: Record<NotificationType, { icon: LucideIcon; color: string; label: string }> = {
  info: { icon: Info, color: "text-sky-600", label: "Info" },
  success: { icon: CheckCircle2, color: "text-emerald-600", label: "Success" },
  warning: { icon: AlertTriangle, color: "text-amber-600", label: "Warning" },
  error: { icon: XCircle, color: "text-red-600", label: "Error" },
};

export function TypeIcon({ type }: { type: NotificationType }) {
  const { icon: Icon, color, label } = typeLooks[type];
  return <Icon role="img" aria-label={label} className={`mt-0.5 size-4 shrink-0 ${color}`} />;
}

export function PriorityTag({ priority }: { priority: string }) {
  if (priority !== "urgent" && priority !== "high") return null;
  const style = priority === "urgent" ? "bg-red-50 text-red-700 ring-red-600/20" : "bg-amber-50 text-amber-800 ring-amber-600/20";
  return (
    <span className={`rounded-full px-1.5 py-0.5 text-[11px] font-medium capitalize ring-1 ring-inset ${style}`}>{priority}</span>
  );
}

const minute = 60_000;

/** "just now", "5 min ago", "3 h ago", then the date: enough to tell fresh from stale at a glance. */
export function RelativeTime({ iso }: { iso: string }) {
  const at = new Date(iso);
  const ago = Date.now() - at.getTime();
  const text =
    ago < minute
      ? "just now"
      : ago < 60 * minute
        ? `${Math.floor(ago / minute)} min ago`
        : ago < 24 * 60 * minute
          ? `${Math.floor(ago / (60 * minute))} h ago`
          : at.toLocaleDateString();
  return (
    <time dateTime={iso} title={at.toLocaleString()} suppressHydrationWarning>
      {text}
    </time>
  );
}

export const unreadLabel = (count: number) => (count > 99 ? "99+" : String(count));

/** Title (with the unread dot), message and the meta line, as the bell and the page both show them. */
export function NotificationBody({ item, titleId, compact }: { item: NotificationItem; titleId?: string; compact?: boolean }) {
  const action = safeActionUrl(item.actionUrl);
  const weight = compact || item.isRead ? "font-medium" : "font-semibold";
  return (
    <div className="min-w-0 flex-1">
      <p id={titleId} className={`flex items-center gap-1.5 text-sm text-slate-900 ${weight}`}>
        {item.isRead ? null : <span role="img" aria-label="Unread" className="size-2 shrink-0 rounded-full bg-indigo-600" />}
        <span className={compact ? "truncate" : "break-words"}>{item.title}</span>
      </p>
      <p className={`mt-0.5 text-sm text-slate-600 ${compact ? "line-clamp-2" : "break-words"}`}>{item.message}</p>
      <div className="mt-1 flex flex-wrap items-center gap-2 text-xs text-slate-500">
        <RelativeTime iso={item.createdAt} />
        <PriorityTag priority={item.priority} />
        {action ? (
          <a
            href={action.href}
            rel={action.external ? "noopener noreferrer" : undefined}
            className="font-medium text-indigo-600 hover:text-indigo-500"
          >
            {item.actionText ?? "Open"}
          </a>
        ) : null}
      </div>
    </div>
  );
}

export function IconButton({ icon: Icon, ...props }: ButtonHTMLAttributes<HTMLButtonElement> & { icon: LucideIcon }) {
  return (
    <button
      type="button"
      title={props["aria-label"]}
      className="rounded-md p-1 text-slate-500 hover:bg-slate-100 hover:text-slate-900 focus-visible:outline-2 focus-visible:outline-indigo-600 disabled:text-slate-300"
      {...props}
    >
      <Icon aria-hidden className="size-4" />
    </button>
  );
}
