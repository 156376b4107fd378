import { AppError } from "@/lib/errors";
import { type Inbox, readInbox } from "@/lib/notifications/read-inbox";
import type { ReadState } from "@/lib/notifications/read-state";
import { getStorage } from "@/lib/storage/registry";

const MAX_ATTEMPTS = 10;

/**
 * Applies `change` to a member's read state as compare-and-set: when two tabs (or two server
 * processes) change it at once, one save wins and the other re-reads and applies its change again.
 */
export async function updateReadState(
  tenantId: string,
  userId: string,
  change: (state: ReadState, inbox: Inbox) => ReadState | Promise<ReadState>,
): Promise<{ before: ReadState; after: ReadState; inbox: Inbox }> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt += 1) {
    const inbox = await readInbox(tenantId, userId);
    const before = inbox.state;
    const after = { ...(await change(before, inbox)), version: before.version + 1 };
    if (await getStorage().notifications.saveReadState(tenantId, userId, after)) return { before, after, inbox };
  }
  throw new AppError("conflict", "Too many concurrent changes to this inbox; try again");
}
