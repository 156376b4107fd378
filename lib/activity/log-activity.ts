import { Types } from "mongoose";
import { findStreamHead } from "@/lib/activity/find-stream-head";
import { redactSecrets } from "@/lib/activity/redact-secrets";
import { activityIdAt, belongsToChanges, headKey, raiseKnownHead } from "@/lib/activity/streams";
import { laneOf, serialWrite } from "@/lib/db/insert-batched";
import { insertIsolated } from "@/lib/db/insert-isolated";
import { isDuplicateKey } from "@/lib/errors-db";
import { type ActivityStream, activityCollection } from "@/models/activity-log";

export type ActivityEntry = {
  kind: string;
  actor: { type: "platform" | "user" | "apiKey" | "system"; id?: string | null; label?: string | null };
  summary: string;
  refs?: Record<string, unknown>;
  before?: unknown;
  after?: unknown;
};

type Pending = {
  tenantId: string;
  fields: Record<string, unknown>;
  attempts: number;
  resolve: () => void;
  reject: (error: unknown) => void;
};
type Queue = { stream: ActivityStream; items: Pending[]; scheduled: boolean };

const MAX_BATCH = 200;
const MAX_ATTEMPTS = 20;
const queues: Record<ActivityStream, Queue> = {
  a: { stream: "a", items: [], scheduled: false },
  c: { stream: "c", items: [], scheduled: false },
};
// The last position this process handed out per stream, shared by Next's bundle and server.ts (which
// evaluate this module separately) so that they do not collide with each other. A position another
// server process took first fails its insert as a duplicate: the head is found again and the entry
// retried on top of it.
const globalAssigned = globalThis as unknown as { __pulseboardActivityAssigned?: Map<string, number> };
globalAssigned.__pulseboardActivityAssigned ??= new Map();
const assigned: Map<string, number> = globalAssigned.__pulseboardActivityAssigned;

/**
 * Appends to the tenant's activity log (and, unless it is webhook traffic, to its changes stream: streams.ts); resolves once durable. Callers must never pass a secret in before/after.
 * Group commit: appends queued while the single writer is busy share one insertMany.
 */
export async function logActivity(tenantId: string, entry: ActivityEntry): Promise<void> {
  const fields = {
    tenantId: new Types.ObjectId(tenantId),
    entryId: new Types.ObjectId(),
    kind: entry.kind,
    actor: { type: entry.actor.type, id: entry.actor.id ?? null, label: entry.actor.label ?? null },
    summary: entry.summary,
    refs: redactSecrets(entry.refs ?? {}),
    before: redactSecrets(entry.before ?? null),
    after: redactSecrets(entry.after ?? null),
    createdAt: new Date(),
  };
  const streams: ActivityStream[] = belongsToChanges(entry.kind, entry.actor.type) ? ["a", "c"] : ["a"];
  await Promise.all(streams.map((stream) => append(stream, tenantId, fields)));
}

function append(stream: ActivityStream, tenantId: string, fields: Record<string, unknown>): Promise<void> {
  const queue = queues[stream];
  return new Promise<void>((resolve, reject) => {
    queue.items.push({ tenantId, fields, attempts: 0, resolve, reject });
    schedule(queue);
  });
}

function schedule(queue: Queue): void {
  if (queue.scheduled) return;
  queue.scheduled = true;
  void prepareAndWrite(queue);
}

async function prepareAndWrite(queue: Queue): Promise<void> {
  // Heads this process does not know yet are looked up before taking the single writer: they are reads.
  const unknown = new Set(queue.items.map((item) => item.tenantId).filter((t) => !assigned.has(headKey(t, queue.stream))));
  await Promise.all(
    [...unknown].map(async (tenantId) => {
      try {
        const head = await findStreamHead(tenantId, queue.stream);
        const key = headKey(tenantId, queue.stream);
        if (!assigned.has(key)) assigned.set(key, head);
      } catch (error) {
        const failed = queue.items.filter((item) => item.tenantId === tenantId);
        queue.items = queue.items.filter((item) => item.tenantId !== tenantId);
        for (const item of failed) item.reject(error);
      }
    }),
  );
  await serialWrite(
    async () => {
      queue.scheduled = false;
      const batch = queue.items.splice(0, MAX_BATCH);
      if (batch.length > 0) await writeBatch(queue, batch);
      if (queue.items.length > 0) schedule(queue);
    },
    "activity",
    laneOf(activityCollection(queue.stream) as never),
  );
}

async function writeBatch(queue: Queue, batch: Pending[]): Promise<void> {
  const { stream } = queue;
  const placed: Array<{ item: Pending; seq: number }> = [];
  const later: Pending[] = [];
  for (const item of batch) {
    const key = headKey(item.tenantId, stream);
    const head = assigned.get(key);
    // Queued after its head was looked up for this round (or forgotten after a failure): next round.
    if (head === undefined) later.push(item);
    else {
      assigned.set(key, head + 1);
      placed.push({ item, seq: head + 1 });
    }
  }
  queue.items.unshift(...later);
  if (placed.length === 0) return;

  // Stamped when placed: a webhook's entry is written just after its answer (process-delivery.ts),
  // so a position taken meanwhile by another entry keeps the log in time order.
  const at = new Date();
  const docs = placed.map(({ item, seq }) => ({
    ...item.fields,
    _id: activityIdAt(item.tenantId, stream, seq),
    seq,
    createdAt: at,
  }));
  const failures = await insertIsolated(activityCollection(stream), docs);
  placed.forEach(({ item, seq }, index) => {
    const failure = failures.get(index);
    if (failure === undefined) {
      raiseKnownHead(item.tenantId, stream, seq);
      item.resolve();
      return;
    }
    // Whatever happened, this process's idea of the head is no longer trusted: look it up again.
    assigned.delete(headKey(item.tenantId, stream));
    item.attempts += 1;
    if (isDuplicateKey(failure) && item.attempts <= MAX_ATTEMPTS) queue.items.unshift(item);
    else item.reject(isDuplicateKey(failure) ? new Error("could not append to the activity log: too contended") : failure);
  });
}
