const STATUS_STYLES: Record<string, string> = {
  pending: "bg-amber-50 text-amber-800 ring-amber-600/20",
  paid: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  processing: "bg-sky-50 text-sky-800 ring-sky-600/20",
  shipped: "bg-indigo-50 text-indigo-800 ring-indigo-600/20",
  delivered: "bg-emerald-50 text-emerald-800 ring-emerald-600/20",
  cancelled: "bg-slate-100 text-slate-700 ring-slate-500/20",
  refunded: "bg-violet-50 text-violet-800 ring-violet-600/20",
  failed: "bg-red-50 text-red-800 ring-red-600/20",
};

/** An order or payment status as a coloured pill; "—" when there is none yet. */
export function StatusBadge({ status, label }: { status: string | null; label?: string }) {
  if (!status) return <span className="text-sm text-slate-500">—</span>;
  return (
    <span
      className={`inline-flex items-center rounded-full px-2 py-0.5 text-xs font-medium capitalize ring-1 ring-inset ${
        STATUS_STYLES[status] ?? "bg-slate-100 text-slate-700 ring-slate-500/20"
      }`}
      title={label ? `${label}: ${status}` : undefined}
    >
      {status}
    </span>
  );
}

export function formatMoney(amount: number, currency: string): string {
  try {
    return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(amount);
  } catch {
    return `${currency} ${amount.toFixed(2)}`;
  }
}
