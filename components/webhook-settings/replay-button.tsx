"use client";

import { RotateCcw } from "lucide-react";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import type { ReplayResult } from "@/lib/webhook-settings/client/api";

/**
 * Replays one stored delivery and says what it made, in words, under the button: created, updated,
 * already recorded, or why it is still refused. A second click is a duplicate, never a second order.
 */
export function ReplayButton({ label, replay }: { label: string; replay: () => Promise<ReplayResult> }) {
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ ok: boolean; text: string } | null>(null);

  const run = async () => {
    setBusy(true);
    try {
      const answer = await replay();
      setOutcome({ ok: true, text: `Replayed: ${answer.outcome}.` });
    } catch (error) {
      setOutcome({ ok: false, text: error instanceof Error ? error.message : "Could not replay the delivery" });
    } finally {
      setBusy(false);
    }
  };

  return (
    <span className="inline-flex flex-col">
      <Button variant="ghost" className="px-2 py-1" onClick={run} disabled={busy} aria-busy={busy}>
        <RotateCcw aria-hidden className={`size-4 ${busy ? "animate-spin" : ""}`} />
        {label}
      </Button>
      {outcome ? (
        <span role="status" className={`mt-1 text-sm ${outcome.ok ? "text-emerald-800" : "text-red-700"}`}>
          {outcome.text}
        </span>
      ) : null}
    </span>
  );
}
