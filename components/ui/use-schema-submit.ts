import { useState } from "react";
import type { z } from "zod";

/**
 * A one-field form's submit: checked with the route's own schema first (so the form refuses
 * exactly what the API would), then sent; the first problem or the server's refusal is `error`.
 */
export function useSchemaSubmit<S extends z.ZodType>(schema: S, send: (data: z.output<S>) => Promise<void>, fallback: string) {
  const [error, setError] = useState<string | undefined>();
  const [busy, setBusy] = useState(false);
  const submit = async (input: unknown) => {
    const parsed = schema.safeParse(input);
    if (!parsed.success) {
      setError(parsed.error.issues[0]?.message);
      return;
    }
    setError(undefined);
    setBusy(true);
    try {
      await send(parsed.data);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : fallback);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, submit };
}
