import { Types } from "mongoose";
import { derivedId } from "@/lib/db/derived-id";
import { AppError } from "@/lib/errors";
import { isDuplicateKey } from "@/lib/errors-db";
import { type Inbox, readInbox } from "@/lib/notifications/read-inbox";
import type { ReadState } from "@/lib/notifications/read-state";
import { inboxCollection } from "@/models/inbox";

const MAX_ATTEMPTS = 10;

/**
 * Applies `change` to a member's read state as compare-and-set: the next version is an insert
 * under an `_id` derived from its number, so when two tabs (or two server processes) change it at
 * once, one insert wins and the other re-reads and applies its change again.
 */
export async function updateReadState(
  tenantId: string,
  userId: string,
  change: (state: ReadState, inbox: Inbox) => ReadState | Promise<ReadState>,
): Promise<{ before: ReadState; after: ReadState; inbox: Inbox }> {
  const collection = inboxCollection(tenantId, userId);
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const inbox = await readInbox(tenantId, userId);
    const before = inbox.state;
    const after = { ...(await change(before, inbox)), version: before.version + 1 };
    try {
      await collection.insertOne({
        _id: derivedId("inbox-state", userId, String(after.version)),
        kind: "state",
        tenantId: new Types.ObjectId(tenantId),
        userId,
        version: after.version,
        readUpTo: after.readUpTo,
        read: after.read,
        unread: after.unread,
        dismissed: after.dismissed,
        createdAt: new Date(),
      });
    } catch (error) {
      if (isDuplicateKey(error)) continue;
      throw error;
    }
    // Keep the previous version too: a reader that started before this write may still look for it.
    await collection.deleteMany({ kind: "state", userId, version: { $lt: after.version - 1 } });
    return { before, after, inbox };
  }
  throw new AppError("conflict", "Too many concurrent changes to this inbox; try again");
}
