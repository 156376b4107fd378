import { hostname } from "node:os";
import type { Db } from "mongodb";
import { isAlive } from "@/lib/storage/database/embedded";
import { isDuplicateKey } from "@/lib/storage/errors";

type LockDoc = { _id: number; host: string; pid: number; acquiredAt: Date; expiresAt: Date; releasedAt?: Date };

const COLLECTION = "migrations_lock";

function isFree(lock: LockDoc | null, now: Date): boolean {
  if (!lock || lock.releasedAt || lock.expiresAt <= now) return true;
  // A holder on this machine that is gone (killed mid-migration) need not be waited out.
  return lock.host === hostname() && lock.pid !== process.pid && !isAlive(lock.pid);
}

/**
 * Lets one process at a time apply migrations, across servers sharing a database, with single-
 * document operations only (FerretDB v1 has no transactions, and its updates are not atomic
 * across connections). Each holding is a new document whose `_id` is one more than the latest:
 * whoever inserts it first holds the lock, the others get a duplicate key and wait. A holding ends
 * when its holder marks it released, when it expires (a holder that died elsewhere), or when its
 * holder on this machine is no longer alive. Holdings are never deleted, so an `_id` is never
 * inserted twice (one small document each time migrations are applied). Resolves with the release once held; throws after `waitMs`.
 */
export async function acquireMigrationLock(
  db: Db,
  options: { ttlMs?: number; waitMs?: number; onWait?: (holder: string) => void } = {},
): Promise<() => Promise<void>> {
  const locks = db.collection<LockDoc>(COLLECTION);
  const ttlMs = options.ttlMs ?? 10 * 60_000;
  const deadline = Date.now() + (options.waitMs ?? ttlMs + 60_000);
  let told = false;
  for (;;) {
    const latest = await locks.find({}).sort({ _id: -1 }).limit(1).next();
    const now = new Date();
    if (isFree(latest, now)) {
      const generation = (latest?._id ?? 0) + 1;
      try {
        await locks.insertOne({
          _id: generation,
          host: hostname(),
          pid: process.pid,
          acquiredAt: now,
          expiresAt: new Date(now.getTime() + ttlMs),
        });
      } catch (error) {
        if (!isDuplicateKey(error)) throw error;
        continue;
      }
      return async () => {
        await locks.updateOne({ _id: generation }, { $set: { releasedAt: new Date() } });
      };
    }
    if (Date.now() > deadline) {
      throw new Error(`Migrations are locked by ${latest?.host} pid ${latest?.pid} since ${latest?.acquiredAt.toISOString()}`);
    }
    if (!told && latest) {
      told = true;
      options.onWait?.(`${latest.host} pid ${latest.pid}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
