"use client";

import { Check, Copy } from "lucide-react";
import { useState } from "react";
import { toast } from "sonner";

/** Copies `value`; says so for a moment (and to screen readers through its label). */
export function CopyButton({ value, label, tone = "light" }: { value: string; label: string; tone?: "light" | "dark" }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch {
      toast.error("Could not copy: select the text and copy it by hand");
    }
  };
  return (
    <button
      type="button"
      onClick={copy}
      aria-label={copied ? `${label} copied` : label}
      className={`inline-flex shrink-0 items-center gap-1 rounded-md px-2 py-1.5 text-xs font-medium ring-1 ring-inset focus-visible:outline-2 focus-visible:outline-indigo-600 ${
        tone === "dark" ? "text-slate-200 ring-slate-600 hover:bg-slate-800" : "text-slate-600 ring-slate-300 hover:bg-slate-50"
      }`}
    >
      {copied ? <Check aria-hidden className="size-3.5 text-emerald-600" /> : <Copy aria-hidden className="size-3.5" />}
      {copied ? "Copied" : "Copy"}
    </button>
  );
}
