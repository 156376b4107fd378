import { useState } from "react";
import { toast } from "sonner";

/**
 * A row's actions, one at a time: `busy` while one runs (its buttons disable), and a failure
 * becomes an error toast with the server's message, or `fallback` when it gave none.
 */
export function useBusyAction() {
  const [busy, setBusy] = useState(false);
  const run = async (action: () => Promise<void>, fallback: string) => {
    setBusy(true);
    try {
      await action();
    } catch (error) {
      toast.error(error instanceof Error ? error.message : fallback);
    } finally {
      setBusy(false);
    }
  };
  return { busy, run };
}
