import type { ReactNode } from "react";
import { CopyButton } from "@/components/ui/copy-button";

const tones = {
  emerald: "bg-emerald-50 ring-emerald-200 text-emerald-900",
  indigo: "bg-indigo-50 ring-indigo-200 text-indigo-900",
} as const;

/** Something to copy right now (a new key, an invitation link), announced to screen readers. */
export function RevealedValue({
  message,
  value,
  copyLabel,
  testId,
  tone = "emerald",
  children,
}: {
  message: ReactNode;
  value: string;
  copyLabel: string;
  testId: string;
  tone?: keyof typeof tones;
  children?: ReactNode;
}) {
  return (
    <div role="status" className={`mt-4 space-y-2 rounded-md p-3 ring-1 ${tones[tone]}`}>
      <p className="flex items-center gap-2 text-sm font-medium">{message}</p>
      <div className="flex items-center gap-2">
        <code data-testid={testId} className="min-w-0 flex-1 truncate rounded bg-white px-2 py-1.5 text-xs text-slate-900">
          {value}
        </code>
        <CopyButton value={value} label={copyLabel} />
      </div>
      {children}
    </div>
  );
}
