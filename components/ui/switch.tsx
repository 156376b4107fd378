"use client";

/** An on/off control with its visible label; a real switch to assistive technology. */
export function Switch({
  checked,
  onChange,
  label,
  accessibleName,
  description,
  disabled,
}: {
  checked: boolean;
  onChange: (checked: boolean) => void;
  label: string;
  /** When several switches share a visible label (one per list row), what tells them apart to assistive technology; it should start with `label`. */
  accessibleName?: string;
  description?: string;
  disabled?: boolean;
}) {
  return (
    <div className="flex items-start justify-between gap-4 py-3">
      <div className="min-w-0">
        <p className="text-sm font-medium text-slate-900">{label}</p>
        {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      </div>
      <button
        type="button"
        role="switch"
        aria-checked={checked}
        aria-label={accessibleName ?? label}
        disabled={disabled}
        onClick={() => onChange(!checked)}
        className={`relative inline-flex h-6 w-11 shrink-0 rounded-full transition focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600 disabled:cursor-not-allowed disabled:opacity-60 ${checked ? "bg-indigo-600" : "bg-slate-300"}`}
      >
        <span
          aria-hidden
          className={`absolute top-0.5 left-0.5 size-5 rounded-full bg-white shadow transition ${checked ? "translate-x-5" : ""}`}
        />
      </button>
    </div>
  );
}
