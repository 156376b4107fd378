import { randomBytes } from "node:crypto";
import { services } from "@/lib/services/registry";

// The settings page's "Send test webhook" follows its own delivery through the real ingest path.
// It registers a trace under an unguessable id and sends it in `x-pulseboard-trace`; the ingest
// records its steps only for a registered id, so no outside caller can switch tracing on.
// In the services registry: the route that opens the trace (Next's bundle) and the ingest (server.ts)
// share it.

export type TraceStep = "signed" | "verified" | "stored" | "notified" | "pushed";
export type TracedStep = { step: TraceStep; atMs: number; detail?: string };
export type DeliveryTrace = { mark: (step: TraceStep, detail?: string) => void };

export type OpenTrace = { started: number; steps: TracedStep[] };

const markOn =
  (open: OpenTrace): DeliveryTrace["mark"] =>
  (step, detail) => {
    const atMs = Math.round((performance.now() - open.started) * 100) / 100;
    open.steps.push(detail === undefined ? { step, atMs } : { step, atMs, detail });
  };

export function openTrace(): DeliveryTrace & { id: string; steps: () => TracedStep[]; close: () => void } {
  const id = randomBytes(24).toString("base64url");
  const open: OpenTrace = { started: performance.now(), steps: [] };
  const { traces } = services();
  traces.set(id, open);
  return { id, mark: markOn(open), steps: () => [...open.steps], close: () => traces.delete(id) };
}

/** The trace a request asked for, if one with that id is open; otherwise nothing is recorded. */
export function traceFor(id: string | undefined): DeliveryTrace | undefined {
  const open = id ? services().traces.get(id) : undefined;
  return open ? { mark: markOn(open) } : undefined;
}
