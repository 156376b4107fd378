"use client";

import { type ReactNode, useEffect, useId, useRef, useState } from "react";
import { Button } from "@/components/ui/button";

export type Confirmation = { title: string; body: ReactNode; confirmLabel: string; run: () => Promise<void> };

/**
 * A modal "are you sure?" for a destructive action: open while `confirmation` is set; Escape or
 * Cancel closes it, and the focus returns to what opened it (native <dialog>).
 */
export function ConfirmDialog({ confirmation, onClose }: { confirmation: Confirmation | null; onClose: () => void }) {
  const dialog = useRef<HTMLDialogElement>(null);
  const [busy, setBusy] = useState(false);
  const titleId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (confirmation && !element.open) element.showModal();
    if (!confirmation && element.open) element.close();
  }, [confirmation]);

  const confirm = async () => {
    if (!confirmation) return;
    setBusy(true);
    try {
      await confirmation.run();
    } finally {
      setBusy(false);
      onClose();
    }
  };

  return (
    <dialog
      ref={dialog}
      aria-labelledby={titleId}
      onClose={onClose}
      className="m-auto w-[min(28rem,calc(100vw-2rem))] rounded-xl p-0 shadow-xl backdrop:bg-slate-900/40"
    >
      {confirmation ? (
        <div className="space-y-4 p-5">
          <h3 id={titleId} className="text-base font-semibold text-slate-900">
            {confirmation.title}
          </h3>
          <div className="text-sm text-slate-600">{confirmation.body}</div>
          <div className="flex justify-end gap-2">
            <Button variant="secondary" onClick={onClose}>
              Cancel
            </Button>
            <Button variant="danger" disabled={busy} onClick={confirm}>
              {busy ? "Working…" : confirmation.confirmLabel}
            </Button>
          </div>
        </div>
      ) : null}
    </dialog>
  );
}
