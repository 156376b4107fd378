import type { Collection, Document } from "mongodb";
import mongoose from "mongoose";
import { type WriteLane as Lane, services, type WriteTurn as Turn } from "@/lib/services/registry";
import { createGroupCommit, type GroupCommit } from "@/lib/storage/embedded/group-commit";
import { insertIsolated } from "@/lib/storage/embedded/insert-isolated";

type Pending = { doc: Record<string, unknown>; resolve: () => void; reject: (error: unknown) => void };

// By database and collection (insertBatchedRaw).
const rawQueues = new Map<string, GroupCommit<Pending>>();
/**
 * Where a write goes in its writer's round (see serialWrite): a delivery's effect-journal entry
 * first (it must be durable before its record), then its own record (it decides created /
 * duplicate / updated, and is what the answer waits for), then its notification (pushed as soon
 * as it is stored), its activity entry, then the other effects, then upkeep (trims, drops). An
 * entry's caller queues its record as soon as the entry is written, so both take the same round:
 * one round before the answer, not two (issue 18).
 */
export type WriteRank = "journal" | "record" | "notification" | "activity" | "effect" | "upkeep";
const RANKS: Record<WriteRank, number> = { journal: 0, record: 1, notification: 2, activity: 3, effect: 4, upkeep: 5 };

// One writer per database: on the embedded FerretDB each database is its own SQLite file. Per
// process, not per module graph: the lanes live in the services registry, so server.ts's ingest and
// Next's route handlers queue their writes to a database in the same lane.

/** The database a model or collection writes to: its write lane. */
export function laneOf(target: { db?: { name?: string }; conn?: { name?: string }; dbName?: string }): string {
  return target.db?.name ?? target.conn?.name ?? target.dbName ?? mongoose.connection.name;
}

/**
 * Runs a write in its database's single writer. SQLite (under FerretDB) has a single writer per
 * file, and concurrent write transactions only meet in its busy-retry backoff, so one write per
 * database is in flight at a time. Writes are taken in rounds, by rank: the effects of the records
 * a round wrote join that same round (their turns are queued while the writer yields after each
 * turn), while records arriving meanwhile wait for the next one. So one event costs one round, not
 * one round per phase, and every group commit holds all the events that arrived during the
 * previous round. `lane` is the database's name (laneOf); the main database by default.
 */
export function serialWrite<T>(write: () => Promise<T>, rank: WriteRank = "effect", lane?: string): Promise<T> {
  const key = lane ?? mongoose.connection.name;
  const lanes = services().writeLanes;
  let state = lanes.get(key);
  if (!state) {
    state = { turns: [], round: 0, rankNow: -1, seq: 0, draining: false };
    lanes.set(key, state);
  }
  const current = state;
  return new Promise<T>((resolve, reject) => {
    const r = RANKS[rank];
    current.turns.push({
      // A rank the writer has not reached yet in this round still joins it.
      round: current.draining && r <= current.rankNow ? current.round + 1 : current.round,
      rank: r,
      seq: current.seq++,
      // A write that throws before returning its promise fails its caller, not the lane.
      run: () => Promise.resolve().then(write).then(resolve, reject),
    });
    if (!current.draining) {
      current.draining = true;
      queueMicrotask(() => void drain(current));
    }
  });
}

const yieldToIo = () => new Promise<void>((resolve) => setImmediate(resolve));

async function drain(lane: Lane): Promise<void> {
  const { turns } = lane;
  while (turns.length > 0) {
    let next = 0;
    for (let i = 1; i < turns.length; i++) {
      const a = turns[i] as Turn;
      const b = turns[next] as Turn;
      if (a.round < b.round || (a.round === b.round && (a.rank < b.rank || (a.rank === b.rank && a.seq < b.seq)))) next = i;
    }
    const turn = turns.splice(next, 1)[0] as Turn;
    if (turn.round > lane.round) lane.round = turn.round;
    lane.rankNow = turn.rank;
    await turn.run().catch(() => undefined);
    // The callers this turn settled queue their next writes now, before the round moves on.
    await yieldToIo();
    if (!turns.some((t) => t.round === lane.round)) {
      lane.round += 1;
      lane.rankNow = -1;
    }
  }
  lane.draining = false;
}

/**
 * Inserts into one raw driver collection that queue up while the single writer is busy, written
 * with one unordered insertMany (group-commit.ts). `doc` is stored as given, so the caller builds
 * it completely (`_id`, dates as Date). Every caller still gets its own outcome: resolve once
 * durable, or its own error (a duplicate-key error keeps code 11000, so exactly-once logic is
 * unchanged); a document the database refuses fails alone (insertIsolated), never the rest.
 */
export function insertBatchedRaw<T extends Document>(typed: Collection<T>, doc: T, rank: WriteRank = "effect"): Promise<void> {
  const collection = typed as unknown as Collection<Document>;
  const lane = laneOf(collection as never);
  const key = `${lane}.${collection.collectionName}`;
  let queue = rawQueues.get(key);
  if (!queue) {
    const created: GroupCommit<Pending> = createGroupCommit<Pending>({
      lane,
      rank,
      write: (batch) =>
        insertIsolated(
          collection,
          batch.map((p) => p.doc),
        ).then((failures) => {
          batch.forEach((p, index) => {
            const failure = failures.get(index);
            if (failure === undefined) p.resolve();
            else p.reject(failure);
          });
        }),
      // Per-day collections come and go: keep no idle queues.
      onIdle: () => {
        if (rawQueues.get(key) === created) rawQueues.delete(key);
      },
    });
    queue = created;
    rawQueues.set(key, queue);
  }
  const current = queue;
  return new Promise<void>((resolve, reject) => current.add({ doc, resolve, reject }));
}
