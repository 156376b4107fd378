import { serialWrite } from "@/lib/db/insert-batched";
import { writeErrorsOf } from "@/lib/errors-db";
import { getLogger } from "@/lib/logger";
import { advanceDeliverySequence, sequencesUpTo } from "@/lib/outbound/endpoint-stats";
import type { AttemptView, OutboundDeliveryView } from "@/lib/outbound/schemas";
import {
  deliveryWindowGenerations,
  dropDeliveryWindowsBefore,
  OUTBOUND_DELIVERY_WINDOW,
  outboundDeliveriesCollection,
} from "@/models/outbound-endpoint";

export type DeliveryRecord = {
  deliveryId: string;
  tenantId: string;
  endpointId: string;
  url: string;
  body: string;
  eventIds: string[];
  eventTypes: string[];
};

const MAX_KEPT_BODY = 1024 * 1024;

// Group commit of first attempts per window (the common case: one successful attempt is the
// delivery's only write): queued while the single writer is busy, then one insertMany.
type Pending = { doc: Record<string, unknown>; resolve: (inserted: boolean) => void; reject: (error: unknown) => void };
const pendingInserts = new Map<string, Pending[]>();

function insertFirst(endpointId: string, generation: number, doc: Record<string, unknown>): Promise<boolean> {
  const key = `${endpointId}:${generation}`;
  return new Promise((resolve, reject) => {
    const queue = pendingInserts.get(key);
    if (queue) return void queue.push({ doc, resolve, reject });
    pendingInserts.set(key, [{ doc, resolve, reject }]);
    void serialWrite(async () => {
      const batch = pendingInserts.get(key) ?? [];
      pendingInserts.delete(key);
      const failed = new Map<number, { code?: number }>();
      try {
        await outboundDeliveriesCollection(endpointId, generation).insertMany(
          batch.map((p) => p.doc),
          { ordered: false },
        );
      } catch (error) {
        const writeErrors = writeErrorsOf(error);
        if (writeErrors.length === 0) {
          for (const p of batch) p.reject(error);
          return;
        }
        for (const e of writeErrors) failed.set(e.index, e);
      }
      batch.forEach((p, index) => {
        const error = failed.get(index);
        // A duplicate: the delivery's document exists already (an attempt repeated after a crash).
        if (!error) p.resolve(true);
        else if (error.code === 11000) p.resolve(false);
        else p.reject(error);
      });
    });
  });
}

export type AttemptToRecord = { delivery: DeliveryRecord; attempt: AttemptView; status: OutboundDeliveryView["status"] };

/**
 * Appends each attempt to its delivery's document in the endpoint's window (all deliveries of one
 * endpoint). A delivery's first attempt inserts the document (group-committed) into the generation
 * its sequence number names (`first.sequences`, counted with the attempts; null where they could
 * not be); later ones push onto it by exact `_id`, written only by the job making the attempt.
 */
export async function recordAttempts(items: AttemptToRecord[], first: { sequences: Array<number | null> | null } | null) {
  const endpointId = items[0]?.delivery.endpointId;
  if (!endpointId) return;
  const now = new Date();
  let later = items;
  if (first) {
    const given = first.sequences?.every((sequence) => sequence !== null) ? (first.sequences as number[]) : null;
    const last = given ? null : await advanceDeliverySequence(endpointId, items.length);
    const counted = given ?? (last === null ? null : sequencesUpTo(last, items.length));
    const sequences = counted ? await aheadOfTheWindow(endpointId, counted) : null;
    const generations: number[] = [];
    for (const index of items.keys()) generations.push(await generationFor(endpointId, sequences?.[index] ?? null));
    // Queued in one turn, so they share one insertMany per generation.
    const inserted = await Promise.all(
      items.map(({ delivery, attempt, status }, index) =>
        insertFirst(endpointId, generations[index] ?? 0, {
          _id: delivery.deliveryId,
          ...fixedFields(delivery, now),
          status,
          updatedAt: now,
          attempts: [attempt],
        }),
      ),
    );
    later = items.filter((_, index) => !inserted[index]);
  }
  for (const item of later) await appendAttempt(item, now);
}

// What a delivery is, set once by whichever of its attempts writes first.
function fixedFields(delivery: DeliveryRecord, now: Date) {
  return {
    tenantId: delivery.tenantId,
    endpointId: delivery.endpointId,
    url: delivery.url,
    // Kept for a manual retry, unless a large batch would strain the document size limit.
    body: delivery.body.length <= MAX_KEPT_BODY ? delivery.body : null,
    eventIds: delivery.eventIds,
    eventTypes: delivery.eventTypes,
    createdAt: now,
  };
}

/**
 * A later attempt (or a first one repeated after a crash): its document is in one of the two
 * generations a listing shows, or it has aged out of the window and starts again in the newest.
 */
async function appendAttempt({ delivery, attempt, status }: AttemptToRecord, now: Date): Promise<void> {
  const generations = (await deliveryWindowGenerations(delivery.endpointId)).slice(0, 2);
  let generation = generations[0] ?? 0;
  for (const candidate of generations) {
    const found = await outboundDeliveriesCollection(delivery.endpointId, candidate).findOne(
      { _id: delivery.deliveryId as never },
      { projection: { _id: 1 } },
    );
    if (found) {
      generation = candidate;
      break;
    }
  }
  await serialWrite(() =>
    outboundDeliveriesCollection(delivery.endpointId, generation).updateOne(
      { _id: delivery.deliveryId as never },
      {
        $setOnInsert: fixedFields(delivery, now),
        $set: { status, updatedAt: now },
        $push: { attempts: attempt as never },
      },
      { upsert: true },
    ),
  );
}

// The newest generation this process has seen per endpoint: read once, then kept up to date here.
const newestSeen = new Map<string, number>();

/**
 * Sequence numbers that land in a generation older than the two the log shows mean the outbound
 * Redis lost (or went back on) the sequence: it is moved on past the generations that exist, and
 * this group with it, so new deliveries stay the newest.
 */
async function aheadOfTheWindow(endpointId: string, sequences: number[]): Promise<number[]> {
  let newest = newestSeen.get(endpointId);
  if (newest === undefined) {
    newest = (await deliveryWindowGenerations(endpointId))[0] ?? -1;
    newestSeen.set(endpointId, newest);
  }
  const lowest = Math.min(...sequences);
  if (newest < 1 || Math.floor((lowest - 1) / OUTBOUND_DELIVERY_WINDOW) >= newest - 1) return sequences;
  const by = (newest + 1) * OUTBOUND_DELIVERY_WINDOW;
  const moved = await advanceDeliverySequence(endpointId, by);
  return moved === null ? sequences : sequences.map((sequence) => sequence + by);
}

/** The generation a new delivery goes to; the first delivery of a generation drops every one before the previous. */
async function generationFor(endpointId: string, sequence: number | null): Promise<number> {
  if (sequence === null) return (await deliveryWindowGenerations(endpointId))[0] ?? 0;
  const position = sequence - 1;
  const generation = Math.floor(position / OUTBOUND_DELIVERY_WINDOW);
  if (generation > (newestSeen.get(endpointId) ?? -1)) newestSeen.set(endpointId, generation);
  if (position % OUTBOUND_DELIVERY_WINDOW === 0 && generation > 0) {
    await dropDeliveryWindowsBefore(endpointId, generation - 1).catch((error: unknown) =>
      getLogger().warn({ err: error, endpointId }, "could not trim a delivery log"),
    );
  }
  return generation;
}
