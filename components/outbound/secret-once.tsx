"use client";

import { Button } from "@/components/ui/button";
import { CopyButton } from "@/components/ui/copy-button";

/** An endpoint's new signing secret, shown once (on creation or rotation) until the admin has stored it. */
export function SecretOnce({ value, url, onDone }: { value: string; url: string; onDone: () => void }) {
  return (
    <div role="status" className="mb-4 rounded-md bg-slate-900 p-3 text-sm text-slate-100">
      <p>
        Signing secret for <span className="break-all font-mono">{url}</span> — shown once, store it now:
      </p>
      <div className="mt-2 flex items-center gap-2">
        <code className="min-w-0 break-all font-mono text-xs">{value}</code>
        <CopyButton value={value} label="Copy signing secret" tone="dark" />
      </div>
      <Button variant="ghost" className="mt-2 px-2 py-1 text-slate-200 hover:bg-slate-800" onClick={onDone}>
        I have stored it
      </Button>
    </div>
  );
}
